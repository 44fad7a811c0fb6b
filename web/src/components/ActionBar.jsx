import { useState } from 'preact/hooks';
import { useSession } from '../lib/hooks.js';
import {
  ACTIONS_NEEDING_COMMENT,
  ACTIONS_WITH_CHECKLIST,
  CHECKLIST_ITEMS,
  actionLabel,
  errorMessage,
} from '../lib/labels.js';
import { afterAction, allNo, insertPhrase, opinionPhrases, publicPageUrl } from '../lib/review.js';

const CHECKLIST_LABEL = Object.fromEntries(CHECKLIST_ITEMS);

// Why a transition was refused, in words the person can act on: the message once, then
// only what it does not already say (which problems, which checklist items).
function RefusalDetails({ error }) {
  const d = error.details ?? {};
  const items = (keys) => keys.map((key) => CHECKLIST_LABEL[key] ?? key).join('；');
  return (
    <div class="error" role="alert" data-testid="action-error">
      <p>{errorMessage(error)}</p>
      {d.errors?.length > 0 && (
        <ul>
          {d.errors.slice(0, 20).map((e, i) => (
            <li key={i}>{e.message}</li>
          ))}
        </ul>
      )}
      {d.missing?.length > 0 && <p>未填写：{items(d.missing)}</p>}
      {d.flagged?.length > 0 && <p>答“是”的项目：{items(d.flagged)}</p>}
    </div>
  );
}

function Checklist({ value, onChange }) {
  return (
    <fieldset class="checklist" data-testid="checklist">
      <legend>保密审查清单</legend>
      <button type="button" class="all-no" onClick={() => onChange(allNo(CHECKLIST_ITEMS))} data-testid="checklist-all-no">
        以上均否
      </button>
      {CHECKLIST_ITEMS.map(([key, label]) => (
        <div class="checklist-item" role="radiogroup" aria-label={label} key={key}>
          <span>{label}</span>
          {[
            [false, '否'],
            [true, '是'],
          ].map(([flag, text]) => (
            <label class="inline" key={text}>
              <input type="radio" name={`checklist-${key}`} checked={value[key] === flag}
                onChange={() => onChange({ ...value, [key]: flag })} data-testid={`checklist-${key}-${flag ? 'yes' : 'no'}`} />
              {text}
            </label>
          ))}
        </div>
      ))}
    </fieldset>
  );
}

// After an action: what happened and what comes next; after 发布 also the public page. It
// stays until closed or the next action, and blocks nothing.
function Confirmation({ done, onClose }) {
  const { done: what, next } = afterAction(done.action, done.state);
  return (
    <div class="card confirmation" role="status" data-testid="action-done">
      <p>
        <strong>{what}</strong>
        {next && <> {next}</>}
      </p>
      {done.state === 'published' && (
        <p>
          <a href={publicPageUrl(done.reportId)} target="_blank" rel="noopener" data-testid="public-link">
            查看公开页面
          </a>
        </p>
      )}
      <button type="button" class="link" onClick={onClose}>
        知道了
      </button>
    </div>
  );
}

// What 发布 makes public, said before it is done.
function PublishNotice({ report }) {
  return (
    <div class="publish-notice" data-testid="publish-notice">
      <p>发布后，以下内容将在政府网站公开页面对公众公开，任何人无需登录即可查看：</p>
      <ul>
        <li>标题「{report.title}」；</li>
        <li>第 {report.revision} 版的全部内容，与“正式版式预览”所示一致；</li>
        <li>发布机构和发布时间。</li>
      </ul>
      <p class="muted">保密审查单、审批意见、讨论和修订历史不公开。</p>
    </div>
  );
}

// The workflow actions the caller may take now (the server's `actions`), each behind a small
// form for what it needs: a reason for return and retract, the checklist for a review pass,
// an opinion from common phrases or free text; afterwards a confirmation of what happened.
export function ActionBar({ report, dirty, onDone }) {
  const { api } = useSession();
  const [action, setAction] = useState(null);
  const [comment, setComment] = useState('');
  const [checklist, setChecklist] = useState({});
  const [error, setError] = useState(null);
  const [missingComment, setMissingComment] = useState(false);
  const [busy, setBusy] = useState(false);
  const [taken, setTaken] = useState(null);
  // Once the report has moved on (someone else's decision), the confirmation is old news.
  const done = taken && taken.state === report.state ? taken : null;
  if (!report.actions?.length && !done) return null;

  const choose = (next) => {
    setAction(next === action ? null : next);
    setError(null);
    setMissingComment(false);
    setTaken(null);
  };

  const needsComment = ACTIONS_NEEDING_COMMENT.has(action);
  const take = async (event) => {
    event.preventDefault();
    if (needsComment && !comment.trim()) {
      setMissingComment(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const params = { report_id: report.id, action, revision: report.revision };
      if (comment.trim()) params.comment = comment.trim();
      if (ACTIONS_WITH_CHECKLIST.has(action)) params.checklist = checklist;
      const result = await api.call('report.transition', params);
      setTaken({ action, state: result.report.state, reportId: report.id });
      setAction(null);
      setComment('');
      setChecklist({});
      onDone(result.report);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const commentId = `action-comment-${report.id}`;
  return (
    <div class="actions" data-testid="actions">
      {done && <Confirmation done={done} onClose={() => setTaken(null)} />}
      <div class="action-buttons">
        {(report.actions ?? []).map((name) => (
          <button type="button" key={name} class={name === action ? 'primary' : ''} aria-pressed={name === action}
            onClick={() => choose(name)} data-action={name}>
            {actionLabel(name)}
          </button>
        ))}
      </div>
      {action && (
        <form class="action-form card" onSubmit={take} noValidate>
          <h3>{actionLabel(action)}</h3>
          {dirty && action === 'submit' && <p class="warning">有未保存的修改：提交的是已保存的第 {report.revision} 版。</p>}
          {action === 'publish' && <PublishNotice report={report} />}
          {ACTIONS_WITH_CHECKLIST.has(action) && <Checklist value={checklist} onChange={setChecklist} />}
          <label for={commentId}>{needsComment ? '理由（必填）' : '意见（可选）'}</label>
          <div class="phrases" role="group" aria-label="常用意见">
            <span class="muted">常用意见：</span>
            {opinionPhrases(action).map((phrase) => (
              <button type="button" class="phrase" key={phrase} data-testid="phrase"
                onClick={() => {
                  setComment(insertPhrase(comment, phrase));
                  setMissingComment(false);
                }}>
                {phrase}
              </button>
            ))}
          </div>
          <textarea id={commentId} rows={3} maxLength={2000} value={comment} aria-required={needsComment}
            aria-invalid={missingComment} aria-describedby={missingComment ? `${commentId}-missing` : undefined}
            onInput={(e) => {
              setComment(e.currentTarget.value);
              setMissingComment(false);
            }} data-testid="action-comment" />
          {missingComment && (
            <p class="error" id={`${commentId}-missing`} role="alert">
              请填写理由
            </p>
          )}
          {error && <RefusalDetails error={error} />}
          <div class="row">
            <button type="submit" class="primary" disabled={busy} data-testid="confirm-action">
              确认{actionLabel(action)}
            </button>
            <button type="button" onClick={() => setAction(null)}>
              取消
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
