import { CHECKLIST_ITEMS, DISPOSITION_LABELS, RULE_LABELS, actionLabel, formatTime, stateLabel } from '../lib/labels.js';
import { Person } from './Person.jsx';

function Entry({ entry, onCompare }) {
  switch (entry.type) {
    case 'revision':
      return (
        <>
          <strong>第 {entry.revision} 版</strong> 由 <Person name={entry.author_name} account={entry.author} /> 保存
          {entry.revision > 1 && onCompare && (
            <>
              {' '}
              <button type="button" class="link" onClick={() => onCompare(entry.revision - 1, entry.revision)}>
                与第 {entry.revision - 1} 版对比
              </button>
            </>
          )}
          <div class="muted mono">SHA-256 {entry.content_sha256}</div>
        </>
      );
    case 'decision':
      return (
        <>
          <strong>{actionLabel(entry.action)}</strong>（第 {entry.revision} 版，{stateLabel(entry.from_state)} → {stateLabel(entry.to_state)}），
          <Person name={entry.actor_name} account={entry.actor} />
          {entry.comment && <div>意见：{entry.comment}</div>}
          {entry.checklist && (
            <div class="muted">
              清单：
              {CHECKLIST_ITEMS.map(([key, label]) => `${label}：${entry.checklist[key] ? '是' : '否'}`).join('；')}
            </div>
          )}
        </>
      );
    case 'disposition':
      return (
        <>
          <strong>审查意见</strong>（第 {entry.revision} 版，{RULE_LABELS[entry.rule] ?? entry.rule}）：
          {DISPOSITION_LABELS[entry.decision] ?? entry.decision}，{entry.note}，<Person name={entry.actor_name} account={entry.actor} />
        </>
      );
    default:
      return <>{entry.type}</>;
  }
}

// The report's timeline: every revision, decision and disposition, oldest first; each
// revision links to its diff with the one before.
export function History({ history, onCompare }) {
  if (!history) return <p class="muted">正在读取…</p>;
  return (
    <ol class="timeline" data-testid="timeline">
      {history.entries.map((entry, i) => (
        <li key={i} class={`entry-${entry.type}`}>
          <span class="time">{formatTime(entry.created_at)}</span>
          <span class="muted"> #{entry.audit_seq}</span>
          <div>
            <Entry entry={entry} onCompare={onCompare} />
          </div>
        </li>
      ))}
    </ol>
  );
}
