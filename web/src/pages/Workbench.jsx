import { useRef, useState } from 'preact/hooks';
import { hasRole, useEvent, useLoad, useSession } from '../lib/hooks.js';
import { formatTime } from '../lib/labels.js';
import { ReportTable } from '../components/ReportTable.jsx';

// The lists of the workbench, in the order OA users know them: what waits for me (待办),
// what I have handled (已办), what I started (我发起的, for people who draft).
const LISTS = [
  { id: 'awaiting', label: '待办', query: { awaiting_me: true }, empty: '暂无待办事项', what: '待办事项' },
  { id: 'handled', label: '已办', query: { handled_by_me: true }, empty: '暂无已办事项', what: '已办事项' },
  { id: 'created', label: '我发起的', query: { created_by_me: true }, empty: '您还没有发起过报告', what: '您发起的报告', drafters: true },
];

// 工作台: the person's lists and what happened recently. Lists refresh when the server says a
// visible report changed; without a connection they say they could not be loaded.
export function Workbench() {
  const { user, status } = useSession();
  const lists = LISTS.filter((list) => !list.drafters || hasRole(user, 'drafter'));
  const loaded = {
    awaiting: useLoad((api) => api.call('report.list', { ...LISTS[0].query, limit: 50 }), []),
    handled: useLoad((api) => api.call('report.list', { ...LISTS[1].query, limit: 50 }), []),
    created: useLoad(
      (api) => (hasRole(user, 'drafter') ? api.call('report.list', { ...LISTS[2].query, limit: 50 }) : { items: [] }),
      [user.username],
    ),
  };
  const activity = useLoad((api) => api.call('notifications.list', { limit: 10 }), []);
  const [shown, setShown] = useState('awaiting');

  const timer = useRef(null);
  const refresh = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      for (const list of Object.values(loaded)) list.reload();
      activity.reload();
    }, 300);
  };
  useEvent('report.updated', refresh, [loaded.awaiting.reload, loaded.handled.reload, loaded.created.reload, activity.reload]);
  useEvent('notification', () => activity.reload(), [activity.reload]);

  const current = lists.find((list) => list.id === shown) ?? lists[0];
  const count = (id) => loaded[id].data?.items.length;
  return (
    <div class="workbench">
      <h1>工作台</h1>
      <section aria-label="我的事项">
        <div class="tabs" role="tablist" aria-label="我的事项">
          {lists.map((list) => (
            <button type="button" role="tab" key={list.id} aria-selected={list.id === current.id}
              data-testid={`list-tab-${list.id}`} onClick={() => setShown(list.id)}>
              {list.label}
              {count(list.id) > 0 && <span class="count">{count(list.id)}{loaded[list.id].data?.next_cursor ? '+' : ''}</span>}
            </button>
          ))}
        </div>
        <div role="tabpanel" aria-label={current.label}>
          <ReportTable items={loaded[current.id].data?.items} loading={loaded[current.id].loading}
            error={loaded[current.id].error} offline={status !== 'online'} what={current.what}
            empty={current.empty} testid={current.id} />
        </div>
      </section>
      <section aria-labelledby="activity-heading">
        <h2 id="activity-heading">最近动态</h2>
        <Activity activity={activity} offline={status !== 'online'} />
      </section>
    </div>
  );
}

function Activity({ activity, offline }) {
  const items = activity.data?.items;
  if (!items) {
    if (activity.error) return <p class="error" data-testid="activity-failed">未能加载最近动态{offline ? '：网络已断开，恢复连接后自动刷新。' : '。'}</p>;
    return <p class="muted">正在加载…</p>;
  }
  if (!items.length) return <p class="muted">暂无动态</p>;
  return (
    <ul class="activity" data-testid="activity">
      {items.map((item) => (
        <li key={item.id}>
          <span class="time">{formatTime(item.created_at)}</span>{' '}
          {item.report_id ? <a href={`#/reports/${item.report_id}`}>{item.text}</a> : item.text}
        </li>
      ))}
    </ul>
  );
}
