import { useEffect, useState } from 'preact/hooks';
import { useSession } from '../lib/hooks.js';
import { KIND_LABELS, formatTime, stateLabel } from '../lib/labels.js';
import { Person } from './Person.jsx';

// Why each draft of the list came back, if it did: the last decision of a draft that is a
// return ({actor, actor_name, comment, created_at}). Read from the report's history, kept per
// report and change time so a list refresh asks only about drafts that changed.
const returns = new Map(); // `${id}@${updated_at}` → decision or null

async function lastReturn(api, report) {
  const key = `${report.id}@${report.updated_at}`;
  if (returns.has(key)) return returns.get(key);
  const history = await api.call('report.history', { report_id: report.id });
  const decisions = (history.entries ?? []).filter((entry) => entry.type === 'decision');
  const last = decisions[decisions.length - 1];
  const value = last?.action === 'return' ? last : null;
  returns.set(key, value);
  return value;
}

function useReturns(items) {
  const { api } = useSession();
  const [found, setFound] = useState({});
  const drafts = (items ?? []).filter((report) => report.state === 'draft');
  const key = drafts.map((report) => `${report.id}@${report.updated_at}`).join(',');
  useEffect(() => {
    let cancelled = false;
    Promise.all(drafts.map((report) => lastReturn(api, report).then((decision) => [report.id, decision]).catch(() => [report.id, null])))
      .then((pairs) => {
        if (!cancelled) setFound(Object.fromEntries(pairs.filter(([, decision]) => decision)));
      });
    return () => {
      cancelled = true;
    };
  }, [key]);
  return found;
}

// A list of reports. `items` undefined: not loaded (yet, or at all: `error`); the list says
// which instead of showing an empty list, so nothing looks lost when the network is gone.
export function ReportTable({ items, empty, testid, loading = false, error = null, offline = false, what = '列表' }) {
  const { orgs } = useSession();
  const returned = useReturns(items);
  const orgName = (id) => orgs.find((org) => org.id === id)?.name ?? id;
  const failure = error && (
    <p class="error" role="alert" data-testid={`${testid}-failed`}>
      {items ? `${what}未能刷新，以下是之前读取的内容` : `未能加载${what}`}
      {offline || error.code === 'offline' ? '：网络已断开，恢复连接后自动刷新。' : `：${error.message || '请稍后再试'}。`}
    </p>
  );
  if (!items) return failure || <p class="muted">{loading ? '正在加载…' : empty}</p>;
  if (!items.length) return failure || <p class="muted" data-testid={`${testid}-empty`}>{empty}</p>;
  return (
    <div class="table-wrap">
      {failure}
      <table class="list" data-testid={testid}>
        <thead>
          <tr>
            <th scope="col">标题</th>
            <th scope="col" class="wide-only">机构</th>
            <th scope="col" class="wide-only">类别</th>
            <th scope="col">状态</th>
            <th scope="col">更新时间</th>
          </tr>
        </thead>
        <tbody>
          {items.map((report) => {
            const back = returned[report.id];
            return (
              <tr key={report.id} data-report={report.id}>
                <td>
                  <a href={`#/reports/${report.id}`}>{report.title}</a>
                  {back && (
                    <p class="return-note" data-testid="list-return-reason">
                      退回原因（<Person name={back.actor_name} account={back.actor} />）：{back.comment}
                    </p>
                  )}
                </td>
                <td class="wide-only">{orgName(report.org)}</td>
                <td class="wide-only">{KIND_LABELS[report.kind] ?? report.kind}</td>
                <td>
                  {back ? (
                    <span class="state state-returned">已退回</span>
                  ) : (
                    <span class={`state state-${report.state}`}>{stateLabel(report.state)}{report.corrected_by ? '（已更正）' : ''}</span>
                  )}
                </td>
                <td>{formatTime(report.updated_at)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
