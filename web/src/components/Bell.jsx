import { useEffect, useRef, useState } from 'preact/hooks';
import { navigate, useEvent, useLoad, useSession } from '../lib/hooks.js';
import { formatTime } from '../lib/labels.js';

// The notification bell: the unread count and the newest notifications, updated live by
// the server's `notification` pushes (no reload, no polling).
export function Bell() {
  const { api } = useSession();
  const [open, setOpen] = useState(false);
  const { data, reload } = useLoad((a) => a.call('notifications.list', { limit: 20 }), []);
  const [live, setLive] = useState({ items: [], unread: 0 });
  const panel = useRef(null);
  const button = useRef(null);

  useEffect(() => {
    if (data) setLive({ items: data.items, unread: data.unread });
  }, [data]);

  useEvent('notification', (note) => {
    setLive((current) =>
      current.items.some((item) => item.id === note.id)
        ? current
        : { items: [{ ...note, read: false }, ...current.items].slice(0, 50), unread: current.unread + 1 },
    );
  });

  useEffect(() => {
    if (!open) return;
    const close = (event) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus(); // back where the person was, not nowhere
      } else if (event.type === 'mousedown' && !panel.current?.contains(event.target)) {
        setOpen(false);
      }
    };
    document.addEventListener('keydown', close);
    document.addEventListener('mousedown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('mousedown', close);
    };
  }, [open]);

  const openItem = async (item) => {
    if (!item.read) {
      await api.call('notifications.mark_read', { ids: [item.id] }).catch(() => {});
      setLive((current) => ({
        items: current.items.map((x) => (x.id === item.id ? { ...x, read: true } : x)),
        unread: Math.max(0, current.unread - 1),
      }));
    }
    setOpen(false);
    if (item.report_id) navigate(`#/reports/${item.report_id}`);
  };

  const markAll = async () => {
    await api.call('notifications.mark_all_read').catch(() => {});
    reload();
  };

  return (
    <div class="bell" ref={panel}>
      <button type="button" class="bell-button" ref={button} aria-expanded={open} aria-haspopup="true"
        aria-label={`通知，${live.unread} 条未读`} onClick={() => setOpen(!open)} data-testid="bell">
        <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22">
          <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>
        {live.unread > 0 && (
          <span class="badge" data-testid="unread-count">
            {live.unread}
          </span>
        )}
      </button>
      {open && (
        <div class="bell-panel" role="dialog" aria-label="通知">
          <div class="bell-head">
            <strong>通知</strong>
            <button type="button" class="link" onClick={markAll} disabled={live.unread === 0}>
              全部标为已读
            </button>
          </div>
          {live.items.length === 0 && <p class="muted">暂无通知</p>}
          <ul>
            {live.items.map((item) => (
              <li key={item.id} class={item.read ? 'read' : 'unread'}>
                <button type="button" class="notification" onClick={() => openItem(item)} data-testid="notification">
                  <span class="text">{item.text}</span>
                  <span class="time">{formatTime(item.created_at)}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
