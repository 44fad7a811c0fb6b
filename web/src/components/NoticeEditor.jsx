import { FindingsInPlace } from '../annual/AnnualEditor.jsx';
import { HighlightedText } from '../annual/HighlightedText.jsx';

const FIELDS = [
  ['doc_number', '文号', false],
  ['category', '类别', false],
  ['effective_date', '生效日期（YYYY-MM-DD）', false],
  ['summary', '摘要', true],
  ['body', '正文', true],
];

// A notice (通知公告): a few text fields, edited as a form or read with findings highlighted.
export function NoticeEditor({ content, onChange, readOnly, problems = [], findings = {}, selectedFinding, onSelectFinding }) {
  return (
    <div class="notice">
      {FIELDS.map(([field, label, long]) => {
        const value = content?.[field] ?? '';
        const fieldProblems = problems.filter((p) => p.path === field);
        if (readOnly) {
          if (!value) return null;
          return (
            <section key={field}>
              <h3>{label}</h3>
              <HighlightedText text={value} findings={findings[field] ?? []} selectedId={selectedFinding} onSelect={onSelectFinding} />
            </section>
          );
        }
        const id = `notice-${field}`;
        const update = (text) => {
          const next = { ...content };
          if (text === '' && field !== 'body') delete next[field];
          else next[field] = text;
          onChange(next);
        };
        return (
          <div key={field} class="field">
            <label for={id}>{label}</label>
            {long ? (
              <textarea id={id} rows={field === 'body' ? 14 : 3} value={value} data-path={field}
                aria-invalid={fieldProblems.length > 0} onInput={(e) => update(e.currentTarget.value)} />
            ) : (
              <input id={id} value={value} data-path={field} aria-invalid={fieldProblems.length > 0}
                onInput={(e) => update(e.currentTarget.value)} />
            )}
            <FindingsInPlace text={value} findings={findings[field]} selectedFinding={selectedFinding} onSelectFinding={onSelectFinding} />
            {fieldProblems.map((p, i) => (
              <span class="error" role="alert" key={i} data-problem-path={p.path}>
                {p.message}
              </span>
            ))}
          </div>
        );
      })}
    </div>
  );
}
