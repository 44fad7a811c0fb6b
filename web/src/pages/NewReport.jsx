import { useState } from 'preact/hooks';
import { blankAnnualContent } from '../annual/skeleton.js';
import { navigate, useSession } from '../lib/hooks.js';
import { templateForYear } from '../report/paths.js';
import { errorMessage, stateLabel } from '../lib/labels.js';
import { missingMessages } from '../lib/notice.js';

const MODES = [
  ['annual', '年度报告（按国家模板填写）'],
  ['import', '年度报告（粘贴已有文本导入）'],
  ['notice', '通知公告'],
];

// 新建报告: an annual report for a year, a notice, or an annual report imported from text
// pasted out of a word processor.
export function NewReport({ initialMode }) {
  const { api, user, orgs, templates, noticeCategories = [] } = useSession();
  const drafterOrgs = orgs.filter((org) => user.roles.some((g) => g.role === 'drafter' && g.org === org.id));
  const [mode, setMode] = useState(MODES.some(([m]) => m === initialMode) ? initialMode : 'annual');
  const [org, setOrg] = useState(drafterOrgs[0]?.id ?? '');
  const [year, setYear] = useState(new Date().getFullYear() - 1);
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [category, setCategory] = useState('');
  const [effectiveDate, setEffectiveDate] = useState('');
  const [missing, setMissing] = useState({});
  const [error, setError] = useState(null);
  const [assumptions, setAssumptions] = useState(null);
  const [busy, setBusy] = useState(false);
  const orgId = org || drafterOrgs[0]?.id;
  const orgName = orgs.find((o) => o.id === orgId)?.name ?? '';

  const create = async (event) => {
    event.preventDefault();
    // The form checks itself (noValidate): the browser's bubbles speak the browser's language.
    const empty = missingMessages([
      ...(mode === 'notice' ? [['title', title, '标题']] : []),
      ...(mode === 'annual' ? [['year', year, '报告年度']] : []),
      ...(mode !== 'annual' ? [['text', text, mode === 'import' ? '报告全文' : '正文']] : []),
    ]);
    setMissing(empty);
    if (Object.keys(empty).length) return;
    setBusy(true);
    setError(null);
    try {
      let result;
      if (mode === 'import') {
        result = await api.call('report.import', { org: orgId, text, ...(title.trim() ? { title: title.trim() } : {}) });
        setAssumptions(result.assumptions);
      } else if (mode === 'annual') {
        const template = templateForYear(templates, Number(year));
        result = await api.call('report.create', {
          org: orgId,
          kind: 'annual_report',
          title: title.trim() || `${orgName}${year}年政府信息公开工作年度报告`,
          content: template ? blankAnnualContent(template, Number(year)) : { year: Number(year) },
        });
      } else {
        const content = { body: text, ...(category ? { category } : {}), ...(effectiveDate ? { effective_date: effectiveDate } : {}) };
        result = await api.call('report.create', { org: orgId, kind: 'notice', title: title.trim(), content });
      }
      navigate(`#/reports/${result.report.id}`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (drafterOrgs.length === 0) return <p>您没有起草权限。</p>;
  return (
    <form class="new-report card" onSubmit={create} noValidate>
      <h1>新建{mode === 'notice' ? '通知公告' : '年度报告'}</h1>
      <fieldset>
        <legend>类型</legend>
        {MODES.map(([value, label]) => (
          <label class="inline" key={value}>
            <input type="radio" name="mode" value={value} checked={mode === value} onChange={() => setMode(value)} />
            {label}
          </label>
        ))}
      </fieldset>
      <label>
        发布机构
        <select value={orgId} onChange={(e) => setOrg(e.currentTarget.value)}>
          {drafterOrgs.map((o) => (
            <option value={o.id} key={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      {mode === 'annual' && (
        <label>
          报告年度
          <input type="number" min="2008" max="2100" value={year} onInput={(e) => setYear(e.currentTarget.value)} aria-required="true"
            aria-invalid={!!missing.year} />
          {missing.year && <span class="error" role="alert">{missing.year}</span>}
        </label>
      )}
      <label>
        标题{mode !== 'notice' && <span class="muted">（可留空，按模板生成）</span>}
        <input value={title} maxLength={200} aria-required={mode === 'notice'} aria-invalid={!!missing.title}
          onInput={(e) => setTitle(e.currentTarget.value)} placeholder={mode === 'annual' ? `${orgName}${year}年政府信息公开工作年度报告` : ''} />
        {missing.title && <span class="error" role="alert">{missing.title}</span>}
      </label>
      {mode === 'notice' && (
        <div class="row notice-meta">
          <div>
            <label for="new-notice-category">类别</label>
            <select id="new-notice-category" value={category} onChange={(e) => setCategory(e.currentTarget.value)} data-testid="notice-category">
              <option value="">（未选择）</option>
              {noticeCategories.map((c) => (
                <option value={c} key={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="new-notice-date">生效日期</label>
            <input id="new-notice-date" type="date" value={effectiveDate} onInput={(e) => setEffectiveDate(e.currentTarget.value)}
              data-testid="notice-date" />
          </div>
        </div>
      )}
      {mode !== 'annual' && (
        <label>
          {mode === 'import' ? '报告全文（从文字处理软件复制粘贴）' : '正文'}
          <textarea rows={14} value={text} aria-required="true" aria-invalid={!!missing.text} onInput={(e) => setText(e.currentTarget.value)}
            data-testid="import-text" />
          {missing.text && <span class="error" role="alert">{missing.text}</span>}
        </label>
      )}
      {error?.code === 'duplicate' && error.details?.report_id && (
        <div class="error" role="alert" data-testid="duplicate-report">
          {orgName}
          {error.details.year || year}年度政府信息公开工作年度报告已存在（{stateLabel(error.details.state)}），不能重复创建。
          <a href={`#/reports/${error.details.report_id}`}>查看该报告</a>
        </div>
      )}
      {error && !(error.code === 'duplicate' && error.details?.report_id) && (
        <div class="error" role="alert">
          {errorMessage(error)}
        </div>
      )}
      {assumptions && (
        <ul class="muted">
          {assumptions.map((a, i) => (
            <li key={i}>{a.message}</li>
          ))}
        </ul>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {mode === 'import' ? '导入并创建草稿' : '创建草稿'}
      </button>
    </form>
  );
}
