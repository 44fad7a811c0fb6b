import { useEffect, useState } from 'preact/hooks';
import { useSession } from '../lib/hooks.js';
import { AUDIT_ACTION_LABELS, ACTION_LABELS, auditActionLabel, errorMessage, stateLabel } from '../lib/labels.js';
import { OFFICE_UTC_OFFSET_MINUTES, officeDate, officeTime } from '../lib/time.js';
import { AUDIT_CSV_HEADER, auditCsvRow, describeDetails } from '../lib/auditText.js';
import { toCsv } from '../lib/csv.js';
import { Person } from '../components/Person.jsx';

const PAGE_SIZE = 50;
const EXPORT_LIMIT = 100000; // entries; a search this wide should be narrowed instead

// Every action the log knows, with its Chinese name, for the filter.
const ACTION_CHOICES = [
  ...Object.keys(ACTION_LABELS).map((action) => `report.${action}`),
  ...Object.keys(AUDIT_ACTION_LABELS),
].map((code) => [code, auditActionLabel(code)]);

// A date picked means that day in the office's time zone (Beijing time), as the times on
// screen and in the CSV are; the server compares UTC instants.
function startOfOfficeDay(date) {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFICE_UTC_OFFSET_MINUTES * 60000).toISOString();
}


function queryFrom(filters) {
  const query = {};
  if (filters.report_id) query.report_id = Number(filters.report_id);
  if (filters.title.trim()) query.title = filters.title.trim();
  if (filters.actor.trim()) query.actor = filters.actor.trim();
  if (filters.action) query.action = filters.action;
  if (filters.since) query.since = startOfOfficeDay(filters.since);
  if (filters.until) query.until = startOfOfficeDay(filters.until);
  return query;
}

function download(filename, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// The raw entry, for auditors who check it against the chain or a copy of the log.
function TechnicalInfo({ entry }) {
  return (
    <details class="technical">
      <summary>技术信息</summary>
      <dl data-technical>
        <dt>序号</dt><dd>{entry.seq}</dd>
        <dt>操作代码</dt><dd class="mono">{entry.action}</dd>
        <dt>操作人账号</dt><dd class="mono">{entry.actor}</dd>
        {entry.content_sha256 && <><dt>内容 SHA-256</dt><dd class="mono">{entry.content_sha256}</dd></>}
        <dt>本条哈希</dt><dd class="mono">{entry.hash}</dd>
        <dt>上条哈希</dt><dd class="mono">{entry.prev_hash}</dd>
        <dt>详情原文</dt><dd class="mono">{JSON.stringify(entry.details ?? {})}</dd>
      </dl>
    </details>
  );
}

// 审计日志: search (report, title, person by name or account, action, time range), page
// through, verify the hash chain, export the search as CSV for Excel/WPS. Times are Beijing
// time on screen and in the CSV alike. #/audit/reports/12 opens the log of one report.
export function AuditPage({ reportId = null }) {
  const { api, orgs = [] } = useSession();
  const orgName = (id) => orgs.find((org) => org.id === id)?.name ?? '';
  const [filters, setFilters] = useState({ report_id: reportId ? String(reportId) : '', title: '', actor: '', action: '', since: '', until: '' });
  const [pages, setPages] = useState([]); // [{entries, next_cursor}]
  const [activeQuery, setActiveQuery] = useState(null); // the query the pages belong to
  const [page, setPage] = useState(0);
  const [error, setError] = useState(null);
  const [verify, setVerify] = useState(null);
  const [busy, setBusy] = useState('');
  const [answers, setAnswers] = useState(0); // searches answered, so a new table is told apart

  // A new search (from the form) or the next page of the current one (same query, whatever
  // the form says now).
  const search = async (event, cursor = null, index = 0) => {
    event?.preventDefault();
    setBusy('search');
    setError(null);
    const query = cursor ? activeQuery : queryFrom(filters);
    try {
      const result = await api.call('audit.query', { ...query, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
      setActiveQuery(query);
      setPages((old) => [...old.slice(0, index), result]);
      setPage(index);
      setAnswers((n) => n + 1);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy('');
    }
  };

  const exportCsv = async () => {
    setBusy('export');
    setError(null);
    try {
      const rows = [];
      let cursor = null;
      do {
        const result = await api.call('audit.query', { ...queryFrom(filters), limit: 1000, ...(cursor ? { cursor } : {}) });
        rows.push(...result.entries.map((entry) => auditCsvRow(entry, { stateLabel, orgName })));
        cursor = result.next_cursor;
      } while (cursor && rows.length < EXPORT_LIMIT);
      download(`审计日志-${officeDate()}.csv`, toCsv(AUDIT_CSV_HEADER, rows));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy('');
    }
  };

  const runVerify = async () => {
    setBusy('verify');
    setVerify(null);
    try {
      setVerify(await api.call('audit.verify'));
    } catch (failure) {
      setVerify({ failure });
    } finally {
      setBusy('');
    }
  };

  // Opened for one report: its log at once.
  useEffect(() => {
    if (reportId) search(null);
  }, []);

  const set = (key) => (e) => setFilters({ ...filters, [key]: e.currentTarget.value });
  const current = pages[page];
  return (
    <div class="audit">
      <h1>审计日志</h1>
      <form class="filters card" onSubmit={search}>
        <label>报告编号<input inputmode="numeric" pattern="[0-9]*" value={filters.report_id} onInput={set('report_id')} data-testid="audit-report" /></label>
        <label>报告标题<input value={filters.title} onInput={set('title')} placeholder="标题中的文字" data-testid="audit-title" /></label>
        <label>操作人<input value={filters.actor} onInput={set('actor')} placeholder="姓名或用户名" data-testid="audit-actor" /></label>
        <label>
          操作
          <select value={filters.action} onChange={set('action')} data-testid="audit-action">
            <option value="">全部</option>
            {ACTION_CHOICES.map(([code, label]) => (
              <option key={code} value={code}>{label}</option>
            ))}
          </select>
        </label>
        <label>起始日期<input type="date" value={filters.since} onInput={set('since')} /></label>
        <label>截止日期（不含）<input type="date" value={filters.until} onInput={set('until')} /></label>
        <div class="row">
          <button type="submit" class="primary" disabled={busy !== ''} data-testid="audit-search">查询</button>
          <button type="button" onClick={exportCsv} disabled={busy !== ''} data-testid="audit-export">导出 CSV</button>
          <button type="button" onClick={runVerify} disabled={busy !== ''} data-testid="audit-verify">校验哈希链</button>
        </div>
      </form>
      {verify && (
        <p class={verify.ok ? 'ok' : 'error'} role="status" data-testid="verify-result">
          {verify.failure
            ? errorMessage(verify.failure)
            : verify.ok
              ? <>校验通过：共 {verify.entries} 条记录，哈希链完整。<span class="muted" data-technical>末条哈希 {verify.head_hash}</span></>
              : <>校验失败：第 {verify.first_bad_seq} 条记录被改动、删除或移动。<span class="muted" data-technical>{verify.problem}</span></>}
        </p>
      )}
      {error && <p class="error" role="alert">{errorMessage(error)}</p>}
      {current && (
        <>
          <div class="table-wrap">
            <table class="list" data-testid="audit-table" data-answers={answers}>
              <thead>
                <tr>
                  <th scope="col">时间</th><th scope="col">操作人</th><th scope="col">操作</th>
                  <th scope="col">报告编号</th><th scope="col">报告标题</th><th scope="col">状态变化</th><th scope="col">版本</th><th scope="col">详情</th>
                </tr>
              </thead>
              <tbody>
                {current.entries.map((e) => (
                  <tr key={e.seq} data-action={e.action}>
                    <td class="time" data-testid="audit-time">{officeTime(e.at, { seconds: true })}</td>
                    <td><Person name={e.actor_name} account={e.actor} /></td>
                    <td>{auditActionLabel(e.action)}</td>
                    <td>{e.report_id && <a href={`#/reports/${e.report_id}`}>{e.report_id}</a>}</td>
                    <td data-testid="audit-report-title">{e.report_title ?? ''}</td>
                    <td>{e.from_state && e.from_state !== e.to_state ? `${stateLabel(e.from_state)} → ${stateLabel(e.to_state)}` : ''}</td>
                    <td>{e.revision}</td>
                    <td class="details">
                      <div data-testid="audit-details">{describeDetails(e, orgName)}</div>
                      <TechnicalInfo entry={e} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {current.entries.length === 0 && <p class="muted">没有符合条件的记录。</p>}
          <div class="row pager">
            <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>上一页</button>
            <span>第 {page + 1} 页</span>
            <button type="button" disabled={!current.next_cursor || busy !== ''}
              onClick={() => (pages[page + 1] ? setPage(page + 1) : search(null, current.next_cursor, page + 1))}>下一页</button>
          </div>
        </>
      )}
    </div>
  );
}
