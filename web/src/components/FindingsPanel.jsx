import { useEffect, useRef, useState } from 'preact/hooks';
import { useSession } from '../lib/hooks.js';
import { DISPOSITION_LABELS, RULE_LABELS, SEVERITY_LABELS, errorMessage, formatTime } from '../lib/labels.js';
import { CONTACT_RULES, PUBLIC_CONTACT_NOTE, applySuggestion, maskExample } from '../lib/review.js';
import { Person } from './Person.jsx';

// Identifier rules the server can mask (report.redact); the rest need the drafter's pen.
const MASKABLE = new Set(['resident_id', 'mobile_number', 'bank_card', 'passport', 'credit_code', 'landline', 'email']);

// The fields of a notice by their form labels (an annual report's come from its template).
const FIELD_LABELS = { title: '标题', doc_number: '文号', category: '类别', effective_date: '生效日期', summary: '摘要', body: '正文' };

function DispositionForm({ report, finding, onDecided }) {
  const { api } = useSession();
  const [decision, setDecision] = useState(finding.disposition?.decision ?? '');
  const [note, setNote] = useState(finding.disposition?.note ?? '');
  const [error, setError] = useState(null);
  const [missingNote, setMissingNote] = useState(false);
  const [busy, setBusy] = useState(false);
  const decide = async (chosen, reason) => {
    if (!reason.trim()) {
      setMissingNote(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.call('review.disposition', {
        report_id: report.id, revision: report.revision, finding_id: finding.id, decision: chosen, note: reason.trim(),
      });
      onDecided();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const save = (event) => {
    event.preventDefault();
    decide(decision, note);
  };
  // An office's own contact line on a public notice: kept, with that as the reason.
  const keepContact = () => {
    setDecision('keep');
    setNote(PUBLIC_CONTACT_NOTE);
    setMissingNote(false);
    decide('keep', PUBLIC_CONTACT_NOTE);
  };
  const errorId = `disposition-error-${finding.id}`;
  const noteId = `disposition-note-${finding.id}`;
  return (
    <form class="disposition" onSubmit={save} noValidate data-testid="disposition-form">
      {CONTACT_RULES.has(finding.rule) && (
        <button type="button" class="preset" disabled={busy} onClick={keepContact} data-testid="keep-public-contact">
          保留：对外联系方式
        </button>
      )}
      <div role="radiogroup" aria-label="处理意见">
        {Object.entries(DISPOSITION_LABELS).map(([value, label]) => (
          <label class="inline" key={value}>
            <input type="radio" name={`decision-${finding.id}`} value={value} checked={decision === value}
              onChange={() => setDecision(value)} data-testid={`decision-${value}`} />
            {label}
          </label>
        ))}
      </div>
      <label>
        说明（必填）
        <input value={note} maxLength={2000} aria-required="true" aria-invalid={missingNote}
          onInput={(e) => {
            setNote(e.currentTarget.value);
            setMissingNote(false);
          }}
          aria-describedby={error ? errorId : missingNote ? noteId : undefined} data-testid="disposition-note" />
      </label>
      {missingNote && (
        <span class="error" id={noteId} role="alert">
          请填写说明：保留的理由或须修改之处
        </span>
      )}
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

function fieldLabel(field, labels) {
  return labels[field] ?? FIELD_LABELS[field] ?? '';
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

  // 采纳建议: the typo's suggestion in place of the marked text, saved as a new revision.
  const accept = async (finding) => {
    setError(null);
    const next = applySuggestion({ content: report.content, title: report.title }, finding);
    if (!next) {
      setError({ code: 'conflict', message: '原文已改动，无法采纳此建议，请直接修改' });
      return;
    }
    try {
      await api.call('report.update', {
        report_id: report.id, base_revision: report.revision, content: next.content,
        ...(next.title !== report.title ? { title: next.title } : {}),
      });
      onChanged();
    } catch (failure) {
      setError(failure);
    }
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
            {fieldLabel(finding.field, labels) && <span class="muted"> · {fieldLabel(finding.field, labels)}</span>}
            <div class="excerpt">{finding.excerpt}</div>
            {finding.suggestion && (
              <div class="suggestion">
                <span class="muted">建议改为：{finding.suggestion}</span>
                {canRedact && (
                  <button type="button" class="link" onClick={() => accept(finding)} data-testid="accept-suggestion">
                    采纳建议
                  </button>
                )}
              </div>
            )}
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
                {`应用脱敏（如 ${maskExample(finding.rule)}）`}
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
