import { useState } from 'preact/hooks';
import { useSession } from '../lib/hooks.js';
import {
  ACTIONS_NEEDING_COMMENT,
  ACTIONS_WITH_CHECKLIST,
  CHECKLIST_ITEMS,
  actionLabel,
  errorMessage,
} from '../lib/labels.js';

// Why a transition was refused, in words the person can act on.
function RefusalDetails({ error }) {
  const d = error.details ?? {};
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
      {d.undecided?.length > 0 && <p>尚有 {d.undecided.length} 项审查提示未作出处理意见。</p>}
      {d.must_fix?.length > 0 && <p>有 {d.must_fix.length} 项被标为“须修改”，请退回起草人修改。</p>}
      {d.missing?.length > 0 && <p>请完成保密审查清单的全部 {CHECKLIST_ITEMS.length} 项。</p>}
      {d.flagged?.length > 0 && <p>清单中有“是”的项目，不能通过审查，请退回修改。</p>}
    </div>
  );
}

function Checklist({ value, onChange }) {
  return (
    <fieldset class="checklist" data-testid="checklist">
      <legend>保密审查清单</legend>
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

// The workflow actions the caller may take now (the server's `actions`), each behind a small
// form for what it needs: a reason for return and retract, the checklist for a review pass.
export function ActionBar({ report, dirty, onDone }) {
  const { api } = useSession();
  const [action, setAction] = useState(null);
  const [comment, setComment] = useState('');
  const [checklist, setChecklist] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  if (!report.actions?.length) return null;

  const choose = (next) => {
    setAction(next === action ? null : next);
    setError(null);
  };

  const take = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const params = { report_id: report.id, action, revision: report.revision };
      if (comment.trim()) params.comment = comment.trim();
      if (ACTIONS_WITH_CHECKLIST.has(action)) params.checklist = checklist;
      const result = await api.call('report.transition', params);
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

  const needsComment = ACTIONS_NEEDING_COMMENT.has(action);
  return (
    <div class="actions" data-testid="actions">
      <div class="action-buttons">
        {report.actions.map((name) => (
          <button type="button" key={name} class={name === action ? 'primary' : ''} aria-pressed={name === action}
            onClick={() => choose(name)} data-action={name}>
            {actionLabel(name)}
          </button>
        ))}
      </div>
      {action && (
        <form class="action-form card" onSubmit={take}>
          <h3>{actionLabel(action)}</h3>
          {dirty && action === 'submit' && <p class="warning">有未保存的修改：提交的是已保存的第 {report.revision} 版。</p>}
          {ACTIONS_WITH_CHECKLIST.has(action) && <Checklist value={checklist} onChange={setChecklist} />}
          <label>
            {needsComment ? '理由（必填）' : '意见（可选）'}
            <textarea rows={3} maxLength={2000} value={comment} required={needsComment}
              onInput={(e) => setComment(e.currentTarget.value)} data-testid="action-comment" />
          </label>
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
