import { useState } from 'preact/hooks';
import { blankAnnualContent } from '../annual/skeleton.js';
import { navigate, useSession } from '../lib/hooks.js';
import { templateForYear } from '../report/paths.js';
import { errorMessage } from '../lib/labels.js';

// 新建报告: an annual report for a year, a notice, or an annual report imported from text
// pasted out of a word processor.
export function NewReport() {
  const { api, user, orgs, templates } = useSession();
  const drafterOrgs = orgs.filter((org) => user.roles.some((g) => g.role === 'drafter' && g.org === org.id));
  const [mode, setMode] = useState('annual');
  const [org, setOrg] = useState(drafterOrgs[0]?.id ?? '');
  const [year, setYear] = useState(new Date().getFullYear() - 1);
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState(null);
  const [assumptions, setAssumptions] = useState(null);
  const [busy, setBusy] = useState(false);
  const orgId = org || drafterOrgs[0]?.id;
  const orgName = orgs.find((o) => o.id === orgId)?.name ?? '';

  const create = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      let result;
      if (mode === 'import') {
        result = await api.call('report.import', { org: orgId, text, ...(title.trim() ? { title: title.trim() } : {}) });
        setAssumptions(result.assumptions);
        sessionStorage.setItem(`gongkai.assumptions.${result.report.id}`, JSON.stringify(result.assumptions));
      } else if (mode === 'annual') {
        const template = templateForYear(templates, Number(year));
        result = await api.call('report.create', {
          org: orgId,
          kind: 'annual_report',
          title: title.trim() || `${orgName}${year}年政府信息公开工作年度报告`,
          content: template ? blankAnnualContent(template, Number(year)) : { year: Number(year) },
        });
      } else {
        result = await api.call('report.create', { org: orgId, kind: 'notice', title: title.trim(), content: { body: text } });
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
    <form class="new-report card" onSubmit={create}>
      <h1>新建报告</h1>
      <fieldset>
        <legend>类型</legend>
        {[
          ['annual', '年度报告（按国家模板填写）'],
          ['import', '年度报告（粘贴已有文本导入）'],
          ['notice', '通知公告'],
        ].map(([value, label]) => (
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
          <input type="number" min="2008" max="2100" value={year} onInput={(e) => setYear(e.currentTarget.value)} required />
        </label>
      )}
      <label>
        标题{mode !== 'notice' && <span class="muted">（可留空，按模板生成）</span>}
        <input value={title} maxLength={200} required={mode === 'notice'} onInput={(e) => setTitle(e.currentTarget.value)}
          placeholder={mode === 'annual' ? `${orgName}${year}年政府信息公开工作年度报告` : ''} />
      </label>
      {mode !== 'annual' && (
        <label>
          {mode === 'import' ? '报告全文（从文字处理软件复制粘贴）' : '正文'}
          <textarea rows={14} value={text} required onInput={(e) => setText(e.currentTarget.value)} data-testid="import-text" />
        </label>
      )}
      {error && (
        <div class="error" role="alert">
          {errorMessage(error)}
          {error.details?.import_failure && <span>（{error.details.import_failure}）</span>}
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
