import { useRef } from 'preact/hooks';
import { hasRole, useEvent, useLoad, useSession } from '../lib/hooks.js';
import { formatTime } from '../lib/labels.js';
import { ReportTable } from '../components/ReportTable.jsx';

// 工作台: what awaits the person, their drafts and what happened recently. Lists refresh
// when the server says a visible report changed.
export function Workbench() {
  const { user } = useSession();
  const awaiting = useLoad((api) => api.call('report.list', { awaiting_me: true, limit: 50 }), []);
  const drafts = useLoad(
    (api) => (hasRole(user, 'drafter') ? api.call('report.list', { state: 'draft', limit: 50 }) : { items: [] }),
    [user.username],
  );
  const recent = useLoad((api) => api.call('report.list', { limit: 10 }), []);
  const activity = useLoad((api) => api.call('notifications.list', { limit: 10 }), []);

  const timer = useRef(null);
  const refresh = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      awaiting.reload();
      drafts.reload();
      recent.reload();
    }, 300);
  };
  useEvent('report.updated', refresh, [awaiting.reload, drafts.reload, recent.reload]);
  useEvent('notification', () => activity.reload(), [activity.reload]);

  return (
    <div class="workbench">
      <h1>工作台</h1>
      <section aria-labelledby="awaiting-heading">
        <h2 id="awaiting-heading">待我处理</h2>
        <ReportTable items={awaiting.data?.items} empty="暂无待办事项" testid="awaiting" />
      </section>
      {hasRole(user, 'drafter') && (
        <section aria-labelledby="drafts-heading">
          <h2 id="drafts-heading">草稿</h2>
          <ReportTable items={drafts.data?.items} empty="暂无草稿" testid="drafts" />
        </section>
      )}
      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">最近更新的报告</h2>
        <ReportTable items={recent.data?.items} empty="暂无报告" testid="recent" />
      </section>
      <section aria-labelledby="activity-heading">
        <h2 id="activity-heading">最近动态</h2>
        {activity.data?.items.length ? (
          <ul class="activity">
            {activity.data.items.map((item) => (
              <li key={item.id}>
                <span class="time">{formatTime(item.created_at)}</span>{' '}
                {item.report_id ? <a href={`#/reports/${item.report_id}`}>{item.text}</a> : item.text}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">暂无动态</p>
        )}
      </section>
    </div>
  );
}
