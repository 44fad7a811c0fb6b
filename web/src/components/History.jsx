import { CHECKLIST_ITEMS, DISPOSITION_LABELS, RULE_LABELS, actionLabel, formatTime, stateLabel } from '../lib/labels.js';
import { hasRole, useSession } from '../lib/hooks.js';
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
      return <>{actionLabel(entry.action ?? '')}</>;
  }
}

// For auditors: the audit entry and content hash each step left, to check against the log.
function TechnicalInfo({ entry }) {
  return (
    <details class="technical">
      <summary>技术信息</summary>
      <dl data-technical>
        <dt>审计记录序号</dt><dd>{entry.audit_seq}</dd>
        {entry.content_sha256 && <><dt>内容 SHA-256</dt><dd class="mono">{entry.content_sha256}</dd></>}
      </dl>
    </details>
  );
}

// The report's timeline: every revision, decision and disposition, oldest first; each
// revision links to its diff with the one before. Audit numbers and hashes only for auditors,
// behind 「技术信息」.
export function History({ history, onCompare }) {
  const { user } = useSession();
  const technical = hasRole(user, 'auditor', 'admin');
  if (!history) return <p class="muted">正在读取…</p>;
  return (
    <ol class="timeline" data-testid="timeline">
      {history.entries.map((entry, i) => (
        <li key={i} class={`entry-${entry.type}`}>
          <span class="time">{formatTime(entry.created_at)}</span>
          <div>
            <Entry entry={entry} onCompare={onCompare} />
          </div>
          {technical && <TechnicalInfo entry={entry} />}
        </li>
      ))}
    </ol>
  );
}
