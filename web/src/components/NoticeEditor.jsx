import { FindingsInPlace } from '../annual/AnnualEditor.jsx';
import { HighlightedText } from '../annual/HighlightedText.jsx';
import { useSession } from '../lib/hooks.js';
import { categoryOptions } from '../lib/notice.js';

// [field, label, kind]: kind is 'line', 'category' (the configured list), 'date' or 'text'.
const FIELDS = [
  ['doc_number', '文号', 'line'],
  ['category', '类别', 'category'],
  ['effective_date', '生效日期', 'date'],
  ['summary', '摘要', 'text'],
  ['body', '正文', 'text'],
];

function Input({ id, field, kind, value, invalid, onText }) {
  const { noticeCategories = [] } = useSession() ?? {};
  if (kind === 'text') {
    return (
      <textarea id={id} rows={field === 'body' ? 14 : 3} value={value} data-path={field} aria-invalid={invalid}
        onInput={(e) => onText(e.currentTarget.value)} />
    );
  }
  if (kind === 'category') {
    return (
      <select id={id} value={value} data-path={field} aria-invalid={invalid} onChange={(e) => onText(e.currentTarget.value)}>
        <option value="">（未选择）</option>
        {categoryOptions(noticeCategories, value).map((category) => (
          <option value={category} key={category}>
            {category}
          </option>
        ))}
      </select>
    );
  }
  if (kind === 'date') {
    return (
      <input id={id} type="date" value={value} data-path={field} aria-invalid={invalid} class="date-input"
        onInput={(e) => onText(e.currentTarget.value)} />
    );
  }
  return <input id={id} value={value} data-path={field} aria-invalid={invalid} onInput={(e) => onText(e.currentTarget.value)} />;
}

// A notice (通知公告): a few text fields, edited as a form or read with findings highlighted.
export function NoticeEditor({ content, onChange, readOnly, problems = [], findings = {}, selectedFinding, onSelectFinding }) {
  return (
    <div class="notice">
      {FIELDS.map(([field, label, kind]) => {
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
          <div key={field} class={`field field-${kind}`}>
            <label for={id}>{label}</label>
            <Input id={id} field={field} kind={kind} value={value} invalid={fieldProblems.length > 0} onText={update} />
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
