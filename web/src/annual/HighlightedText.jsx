import { useEffect, useMemo, useRef } from 'preact/hooks';
import './annual.css'; // the mark styles; the component is also used outside the editor

// Free text with the secrecy-review findings marked in place. Finding offsets are Unicode
// code points (the server counts them so), not UTF-16 units: 𠮷 is one code point but two
// JavaScript string units, so every slice goes through Array.from.

const SEVERITIES = ['block', 'review', 'info'];

const SEVERITY_LABELS = {
  block: '必须修改',
  review: '需审查',
  info: '提示',
};

function severityOf(finding) {
  return SEVERITIES.includes(finding.severity) ? finding.severity : 'info';
}

function isUsable(finding) {
  return (
    finding != null &&
    Number.isInteger(finding.start) &&
    Number.isInteger(finding.end) &&
    finding.end > finding.start
  );
}

// The earlier finding wins where two overlap: the later one keeps only its part after the
// earlier one's end (nothing, when it lies inside). Equal starts keep the given order.
function clipFindings(findings, length) {
  const ordered = (findings ?? [])
    .map((finding, index) => ({ finding, index }))
    .filter(({ finding }) => isUsable(finding))
    .sort((a, b) => a.finding.start - b.finding.start || a.index - b.index);
  const spans = [];
  let covered = 0;
  for (const { finding } of ordered) {
    const start = Math.max(finding.start, covered, 0);
    const end = Math.min(finding.end, length);
    if (end > start) {
      spans.push({ start, end, finding });
      covered = end;
    }
  }
  return spans;
}

/**
 * Cuts `text` into consecutive segments {text, start, end, finding} (finding null for
 * plain text; start/end in code points) covering the whole text exactly once.
 */
export function splitByFindings(text, findings) {
  const chars = Array.from(text ?? '');
  const segments = [];
  const push = (start, end, finding) => {
    if (end > start) {
      segments.push({ text: chars.slice(start, end).join(''), start, end, finding });
    }
  };
  let cursor = 0;
  for (const span of clipFindings(findings, chars.length)) {
    push(cursor, span.start, null);
    push(span.start, span.end, span.finding);
    cursor = span.end;
  }
  push(cursor, chars.length, null);
  return segments;
}

/**
 * Splits segments at '\n' into paragraphs (arrays of segments). A finding crossing a line
 * break continues in the next paragraph with `continued: true`. Blank lines are dropped,
 * as the printed report drops them.
 */
export function splitParagraphs(segments) {
  const paragraphs = [[]];
  for (const segment of segments) {
    const lines = segment.text.split('\n');
    let start = segment.start;
    lines.forEach((line, i) => {
      if (i > 0) {
        paragraphs.push([]);
      }
      const end = start + Array.from(line).length;
      if (line !== '') {
        const continued = segment.finding !== null && start > segment.start;
        paragraphs[paragraphs.length - 1].push({ ...segment, text: line, start, end, continued });
      }
      start = end + 1; // past the '\n'
    });
  }
  return paragraphs.filter((paragraph) => paragraph.some((s) => s.finding || s.text.trim() !== ''));
}

function sameId(a, b) {
  return a != null && b != null && String(a) === String(b);
}

function FindingMark({ segment, selected, onSelect }) {
  const { finding } = segment;
  const severity = severityOf(finding);
  const select = () => onSelect?.(finding.id);
  const onKeyDown = (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault(); // Space would scroll the page
      select();
    }
  };
  return (
    <mark
      class={`finding sev-${severity}${selected ? ' selected' : ''}`}
      data-finding-id={String(finding.id)}
      role="button"
      // A finding split by a line break is one tab stop, at its first part.
      tabIndex={segment.continued ? -1 : 0}
      aria-pressed={selected ? 'true' : 'false'}
      aria-label={`${SEVERITY_LABELS[severity]}：${segment.text}`}
      title={SEVERITY_LABELS[severity]}
      onClick={select}
      onKeyDown={onKeyDown}
    >
      {segment.text}
    </mark>
  );
}

/**
 * Paragraphs of `text` with `findings` ({id, severity, start, end}) marked; clicking a mark
 * or pressing Enter on it calls onSelect(id). The selected finding is scrolled into view.
 */
export function HighlightedText({ text, findings, selectedId, onSelect }) {
  const paragraphs = useMemo(() => splitParagraphs(splitByFindings(text, findings)), [text, findings]);
  const root = useRef(null);

  useEffect(() => {
    if (selectedId == null || !root.current) {
      return;
    }
    const marks = root.current.querySelectorAll('mark[data-finding-id]');
    const mark = Array.from(marks).find((m) => m.dataset.findingId === String(selectedId));
    mark?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [selectedId]);

  return (
    <div class="ar-text" ref={root}>
      {paragraphs.map((paragraph, p) => (
        <p key={p}>
          {paragraph.map((segment) =>
            segment.finding ? (
              <FindingMark
                key={segment.start}
                segment={segment}
                selected={sameId(segment.finding.id, selectedId)}
                onSelect={onSelect}
              />
            ) : (
              segment.text
            ),
          )}
        </p>
      ))}
    </div>
  );
}
