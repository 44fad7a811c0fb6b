import { useEffect, useRef, useState } from 'preact/hooks';
import { useSession } from '../lib/hooks.js';
import { DISPOSITION_LABELS, RULE_LABELS, SEVERITY_LABELS, errorMessage, formatTime } from '../lib/labels.js';
import { Person } from './Person.jsx';

// Identifier rules the server can mask (report.redact); the rest need the drafter's pen.
const MASKABLE = new Set(['resident_id', 'mobile_number', 'bank_card', 'passport', 'credit_code', 'landline', 'email']);

function DispositionForm({ report, finding, onDecided }) {
  const { api } = useSession();
  const [decision, setDecision] = useState(finding.disposition?.decision ?? '');
  const [note, setNote] = useState(finding.disposition?.note ?? '');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const save = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.call('review.disposition', {
        report_id: report.id, revision: report.revision, finding_id: finding.id, decision, note: note.trim(),
      });
      onDecided();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const errorId = `disposition-error-${finding.id}`;
  return (
    <form class="disposition" onSubmit={save} data-testid="disposition-form">
      <div role="radiogroup" aria-label="处理意见">
        {Object.entries(DISPOSITION_LABELS).map(([value, label]) => (
          <label class="inline" key={value}>
            <input type="radio" name={`decision-${finding.id}`} value={value} checked={decision === value}
              onChange={() => setDecision(value)} required data-testid={`decision-${value}`} />
            {label}
          </label>
        ))}
      </div>
      <label>
        说明（必填）
        <input value={note} maxLength={2000} required onInput={(e) => setNote(e.currentTarget.value)}
          aria-describedby={error ? errorId : undefined} data-testid="disposition-note" />
      </label>
      <button type="submit" disabled={busy || !decision}>
        保存意见
      </button>
      {error && (
        <span class="error" id={errorId} role="alert">
          {errorMessage(error)}
        </span>
      )}
    </form>
  );
}

// The scanner's findings of the shown revision: what blocks publication, what the reviewer
// must decide, hints. Reviewers decide here; drafters apply the suggested masks here.
export function FindingsPanel({ report, scan, canDecide, canRedact, selected, onSelect, onChanged, labels = {} }) {
  const { api } = useSession();
  const [chosen, setChosen] = useState(new Set());
  const [error, setError] = useState(null);
  const list = useRef(null);

  useEffect(() => {
    if (!selected) return;
    list.current?.querySelector(`[data-finding="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  if (!scan) return <p class="muted">正在读取保密审查预检结果…</p>;
  const findings = scan.findings ?? [];

  const toggle = (id) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  };

  const redact = async () => {
    setError(null);
    try {
      await api.call('report.redact', { report_id: report.id, base_revision: report.revision, finding_ids: [...chosen] });
      setChosen(new Set());
      onChanged();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section class="findings" aria-labelledby="findings-heading">
      <h2 id="findings-heading">保密审查预检</h2>
      <p class="counts" data-testid="finding-counts">
        禁止发布 {scan.counts.block} 项 · 需审查 {scan.counts.review} 项（待处理 {scan.pending}，须修改 {scan.must_fix}） · 提示 {scan.counts.info} 项
        <span class="muted"> · 预检时间 {formatTime(scan.scanned_at)}</span>
      </p>
      {findings.length === 0 && <p class="muted">未发现需要注意的内容。</p>}
      <ol ref={list}>
        {findings.map((finding) => (
          <li key={finding.id} data-finding={finding.id} class={`finding-item finding-${finding.severity}${selected === finding.id ? ' selected' : ''}`}>
            <button type="button" class="link" onClick={() => onSelect(finding.id)}>
              <span class={`sev sev-${finding.severity}`}>{SEVERITY_LABELS[finding.severity]}</span>{' '}
              {RULE_LABELS[finding.rule] ?? finding.rule}
            </button>
            <span class="muted"> {labels[finding.field] ?? finding.field}</span>
            <div class="excerpt">{finding.excerpt}</div>
            {finding.suggestion && <div class="muted">建议：{finding.suggestion}</div>}
            {finding.disposition && (
              <div class={`disposition-status ${finding.disposition.decision}`} data-testid="disposition-status">
                {DISPOSITION_LABELS[finding.disposition.decision]}：{finding.disposition.note}
                <span class="muted">（<Person name={finding.disposition.by_name} account={finding.disposition.by} />，{formatTime(finding.disposition.at)}）</span>
              </div>
            )}
            {canDecide && finding.severity === 'review' && (
              <DispositionForm report={report} finding={finding} onDecided={onChanged} key={`${finding.id}-${finding.disposition?.audit_seq ?? 0}`} />
            )}
            {canRedact && MASKABLE.has(finding.rule) && (
              <label class="inline">
                <input type="checkbox" checked={chosen.has(finding.id)} onChange={() => toggle(finding.id)} />
                应用脱敏（如 138****5678）
              </label>
            )}
          </li>
        ))}
      </ol>
      {canRedact && chosen.size > 0 && (
        <button type="button" class="primary" onClick={redact}>
          对选中的 {chosen.size} 项应用脱敏并保存为新版本
        </button>
      )}
      {error && (
        <p class="error" role="alert">
          {errorMessage(error)}
        </p>
      )}
    </section>
  );
}
