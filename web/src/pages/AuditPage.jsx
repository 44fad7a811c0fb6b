import { useState } from 'preact/hooks';
import { useSession } from '../lib/hooks.js';
import { AUDIT_ACTION_LABELS, ACTION_LABELS, auditActionLabel, errorMessage, formatTime, stateLabel } from '../lib/labels.js';
import { toCsv } from '../lib/csv.js';
import { Person } from '../components/Person.jsx';

const PAGE_SIZE = 50;
const EXPORT_LIMIT = 100000; // entries; a search this wide should be narrowed instead

// Every action the log knows, with its Chinese name, for the filter.
const ACTION_CHOICES = [
  ...Object.keys(ACTION_LABELS).map((action) => `report.${action}`),
  ...Object.keys(AUDIT_ACTION_LABELS),
].map((code) => [code, auditActionLabel(code)]);

// A date picked in the browser means that day in the person's time zone (Beijing time);
// the server compares UTC instants.
function startOfLocalDay(date) {
  return new Date(`${date}T00:00:00`).toISOString();
}

function localDate(date = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function queryFrom(filters) {
  const query = {};
  if (filters.report_id) query.report_id = Number(filters.report_id);
  if (filters.actor.trim()) query.actor = filters.actor.trim();
  if (filters.action) query.action = filters.action;
  if (filters.since) query.since = startOfLocalDay(filters.since);
  if (filters.until) query.until = startOfLocalDay(filters.until);
  return query;
}

const CSV_HEADER = ['序号', '时间(UTC)', '操作人账号', '操作人', '操作', '报告', '原状态', '新状态', '版本', '内容SHA-256', '详情', '本条哈希'];
const CSV_HEADER_WITH_CODE = [...CSV_HEADER.slice(0, 5), '操作代码', ...CSV_HEADER.slice(5)];
const csvRow = (e) => [
  e.seq, e.at, e.actor, e.actor_name ?? '', auditActionLabel(e.action), e.action, e.report_id,
  e.from_state ? stateLabel(e.from_state) : '', e.to_state ? stateLabel(e.to_state) : '',
  e.revision, e.content_sha256, e.details, e.hash,
];

function download(filename, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// 审计日志: search (report, person, action, time range), page through, verify the hash chain,
// export the search as CSV for Excel/WPS.
export function AuditPage() {
  const { api } = useSession();
  const [filters, setFilters] = useState({ report_id: '', actor: '', action: '', since: '', until: '' });
  const [pages, setPages] = useState([]); // [{entries, next_cursor}]
  const [activeQuery, setActiveQuery] = useState(null); // the query the pages belong to
  const [page, setPage] = useState(0);
  const [error, setError] = useState(null);
  const [verify, setVerify] = useState(null);
  const [busy, setBusy] = useState('');

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
        rows.push(...result.entries.map(csvRow));
        cursor = result.next_cursor;
      } while (cursor && rows.length < EXPORT_LIMIT);
      download(`审计日志-${localDate()}.csv`, toCsv(CSV_HEADER_WITH_CODE, rows));
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

  const set = (key) => (e) => setFilters({ ...filters, [key]: e.currentTarget.value });
  const current = pages[page];
  return (
    <div class="audit">
      <h1>审计日志</h1>
      <form class="filters card" onSubmit={search}>
        <label>报告编号<input inputmode="numeric" pattern="[0-9]*" value={filters.report_id} onInput={set('report_id')} data-testid="audit-report" /></label>
        <label>操作人（用户名）<input value={filters.actor} onInput={set('actor')} data-testid="audit-actor" /></label>
        <label>
          操作
          <select value={filters.action} onChange={set('action')} data-testid="audit-action">
            <option value="">全部</option>
            {ACTION_CHOICES.map(([code, label]) => (
              <option key={code} value={code}>{label}（{code}）</option>
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
              ? `校验通过：共 ${verify.entries} 条记录，哈希链完整（末条哈希 ${verify.head_hash.slice(0, 16)}…）。`
              : `校验失败：第 ${verify.first_bad_seq} 条记录被改动、删除或移动（${verify.problem}）。`}
        </p>
      )}
      {error && <p class="error" role="alert">{errorMessage(error)}</p>}
      {current && (
        <>
          <div class="table-wrap">
            <table class="list" data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col">序号</th><th scope="col">时间</th><th scope="col">操作人</th><th scope="col">操作</th>
                  <th scope="col">报告</th><th scope="col">状态变化</th><th scope="col">版本</th><th scope="col">详情</th>
                </tr>
              </thead>
              <tbody>
                {current.entries.map((e) => (
                  <tr key={e.seq} data-action={e.action}>
                    <td>{e.seq}</td>
                    <td>{formatTime(e.at)}</td>
                    <td><Person name={e.actor_name} account={e.actor} /></td>
                    <td>{auditActionLabel(e.action)}</td>
                    <td>{e.report_id && <a href={`#/reports/${e.report_id}`}>{e.report_id}</a>}</td>
                    <td>{e.from_state && e.from_state !== e.to_state ? `${stateLabel(e.from_state)} → ${stateLabel(e.to_state)}` : ''}</td>
                    <td>{e.revision}</td>
                    <td class="details">{Object.keys(e.details ?? {}).length ? JSON.stringify(e.details) : ''}</td>
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
