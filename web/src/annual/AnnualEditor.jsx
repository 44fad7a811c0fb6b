import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import './annual.css';
import { HighlightedText } from './HighlightedText.jsx';
import {
  formatCellValue,
  getCell,
  isTableSection,
  parseCellInput,
  placeProblems,
  sectionTables,
  setCell,
} from './layout.js';

// The structured annual report laid out like the printed template: the six official
// headings, free-text sections as text areas, tables 二–四 as grids of cell inputs with the
// printed merged headers and row-label tree. Content is never changed here: every valid
// edit calls onChange with a new content object (see setCell).

const NO_PROBLEMS = [];
const NO_FINDINGS = {};

// Element ids must be unique on the page, also with two editors side by side (a revision
// compared with the current one); the path alone would clash.
function elementId(prefix, kind, path, index = 0) {
  return `${prefix}-${kind}-${String(path).replace(/[^A-Za-z0-9_-]/g, '_')}-${index}`;
}

/**
 * The list under a table or text area. Rendered also when empty: a live region must exist
 * before its content changes for screen readers to announce the change.
 */
function ProblemList({ items }) {
  return (
    <div class="ar-problems" aria-live="polite">
      {items.length > 0 && (
        <ul>
          {items.map((item) => (
            <li key={item.id} id={item.id} class="ar-problem" data-problem-path={item.path} data-rule={item.rule}>
              {item.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Server problems as list items with ids for aria-describedby; `place` names where they
 * are shown (a cell or field path, a section key, 'general') and keeps the ids unique.
 */
function problemItems(prefix, place, problems) {
  return problems.map((problem, index) => ({
    id: elementId(prefix, 'problem', place, index),
    path: typeof problem.path === 'string' ? problem.path : '',
    rule: problem.rule ?? '',
    text: problem.message || '（无说明）',
  }));
}

function describedBy(items) {
  return items.length > 0 ? items.map((item) => item.id).join(' ') : undefined;
}

function DataCell({ cell, value, draft, items, readOnly, onCellInput }) {
  const invalid = items.length > 0;
  const className = `ar-cell${invalid ? ' ar-invalid' : ''}`;
  if (readOnly) {
    const missing = value === undefined || value === null || value === '';
    return (
      <td
        class={`${className}${missing ? ' ar-missing' : ''}`}
        data-path={cell.path}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy(items)}
      >
        {formatCellValue(value)}
        {!missing && cell.valueSuffix && <span class="ar-suffix">{cell.valueSuffix}</span>}
      </td>
    );
  }
  const input = (
    <input
      class="ar-input"
      type="text"
      // Phones show a keypad with a decimal point only for inputmode="decimal".
      inputMode={cell.type === 'amount' ? 'decimal' : 'numeric'}
      autocomplete="off"
      spellcheck={false}
      data-path={cell.path}
      aria-label={cell.label}
      aria-invalid={invalid ? 'true' : undefined}
      aria-describedby={describedBy(items)}
      value={draft ? draft.text : formatCellValue(value)}
      onInput={(event) => onCellInput(cell, event.currentTarget.value)}
    />
  );
  return (
    <td class={className}>
      {cell.valueSuffix ? (
        <span class="ar-input-wrap">
          {input}
          <span class="ar-suffix">{cell.valueSuffix}</span>
        </span>
      ) : (
        input
      )}
    </td>
  );
}

function HeaderRow({ cells }) {
  return (
    <tr>
      {cells.map((cell, i) => (
        <th
          key={i}
          class={cell.className || undefined}
          colSpan={cell.colSpan > 1 ? cell.colSpan : undefined}
          rowSpan={cell.rowSpan > 1 ? cell.rowSpan : undefined}
          scope={cell.scope || undefined}
        >
          {cell.text}
        </th>
      ))}
    </tr>
  );
}

function LabelCell({ cell }) {
  return (
    <th
      class={cell.className}
      colSpan={cell.colSpan > 1 ? cell.colSpan : undefined}
      rowSpan={cell.rowSpan > 1 ? cell.rowSpan : undefined}
      scope={cell.scope}
    >
      {cell.text}
    </th>
  );
}

/** One printed table with its cell messages (server problems, then input errors) below. */
function TableGrid({ table, heading, content, readOnly, drafts, cellProblems, idPrefix, onCellInput }) {
  // Messages follow the cells' printed order so the list reads like the table.
  const itemsByPath = new Map();
  for (const cell of table.cells) {
    const items = problemItems(idPrefix, cell.path, cellProblems.get(cell.path) ?? NO_PROBLEMS);
    const draft = drafts[cell.path];
    if (draft && !readOnly) {
      items.push({
        id: elementId(idPrefix, 'input', cell.path),
        path: cell.path,
        rule: 'input',
        text: `「${cell.where}」${draft.error}`,
      });
    }
    if (items.length > 0) {
      itemsByPath.set(cell.path, items);
    }
  }
  const renderBodyCell = (cell, i) =>
    cell.kind === 'label' ? (
      <LabelCell key={i} cell={cell} />
    ) : (
      <DataCell
        key={cell.path}
        cell={cell}
        value={getCell(content, cell.path)}
        draft={drafts[cell.path]}
        items={itemsByPath.get(cell.path) ?? NO_PROBLEMS}
        readOnly={readOnly}
        onCellInput={onCellInput}
      />
    );
  return (
    <>
      {/* Wide tables (表三, 表四) scroll sideways on narrow screens instead of squeezing;
          read-only (no inputs to tab to) the wrapper takes focus so the keyboard can scroll. */}
      <div
        class="ar-table-wrap"
        tabIndex={readOnly ? 0 : undefined}
        role={readOnly ? 'region' : undefined}
        aria-label={readOnly ? [heading, table.title].filter(Boolean).join(' ') : undefined}
      >
        <table class={`ar-table ar-${table.layout.replace('_', '-')}`}>
          <thead>
            {table.headerRows.map((cells, i) => (
              <HeaderRow key={i} cells={cells} />
            ))}
          </thead>
          <tbody>
            {table.bodyRows.map((cells, i) => (
              <tr key={i}>{cells.map(renderBodyCell)}</tr>
            ))}
          </tbody>
        </table>
      </div>
      <ProblemList items={[...itemsByPath.values()].flat()} />
    </>
  );
}

function textAreaRows(text) {
  // Grow with the text (one row per paragraph plus room to type), within reason.
  const lines = (text ?? '').split('\n').length;
  return Math.min(24, Math.max(4, lines + 2));
}

/** A free-text field: a text area, or in read-only mode paragraphs with findings marked. */
function TextField({ path, text, labelledBy, id, items, readOnly, findings, selectedFinding, onSelectFinding, onText }) {
  if (readOnly) {
    const empty = typeof text !== 'string' || text.trim() === '';
    return (
      <div class="ar-readonly-text" data-path={path} aria-describedby={describedBy(items)}>
        {empty ? (
          <p class="ar-empty">（未填写）</p>
        ) : (
          <HighlightedText text={text} findings={findings} selectedId={selectedFinding} onSelect={onSelectFinding} />
        )}
      </div>
    );
  }
  return (
    <>
      <textarea
        id={id}
        class={`ar-textarea${items.length > 0 ? ' ar-invalid' : ''}`}
        data-path={path}
        rows={textAreaRows(text)}
        aria-labelledby={labelledBy}
        aria-invalid={items.length > 0 ? 'true' : undefined}
        aria-describedby={describedBy(items)}
        value={typeof text === 'string' ? text : ''}
        onInput={(event) => onText(path, event.currentTarget.value)}
      />
      <FindingsInPlace text={text} findings={findings} selectedFinding={selectedFinding} onSelectFinding={onSelectFinding} />
    </>
  );
}

/**
 * While editing, a text area cannot mark words, so the saved text's findings are shown
 * marked just below it (the page passes findings only while the text is the saved one,
 * since their offsets belong to that text).
 */
export function FindingsInPlace({ text, findings, selectedFinding, onSelectFinding }) {
  if (!findings?.length || typeof text !== 'string') return null;
  return (
    <details class="ar-findings-in-place" open>
      <summary>保密审查预检标注（{findings.length} 处）</summary>
      <HighlightedText text={text} findings={findings} selectedId={selectedFinding} onSelect={onSelectFinding} />
    </details>
  );
}

function FreeTextSection({ section, headingId, ctx }) {
  const path = `sections.${section.key}`;
  const items = problemItems(ctx.idPrefix, path, ctx.placed.fields.get(path) ?? NO_PROBLEMS);
  return (
    <>
      <TextField
        path={path}
        id={elementId(ctx.idPrefix, 'field', path)}
        text={getCell(ctx.content, path)}
        labelledBy={headingId}
        items={items}
        readOnly={ctx.readOnly}
        findings={ctx.findings[path]}
        selectedFinding={ctx.selectedFinding}
        onSelectFinding={ctx.onSelectFinding}
        onText={ctx.onText}
      />
      <ProblemList items={items} />
    </>
  );
}

function TableSection({ section, ctx }) {
  const tables = useMemo(() => sectionTables(section), [section]);
  const notePath = `notes.${section.key}`;
  const noteId = elementId(ctx.idPrefix, 'field', notePath);
  const note = getCell(ctx.content, notePath);
  const noteItems = problemItems(ctx.idPrefix, notePath, ctx.placed.fields.get(notePath) ?? NO_PROBLEMS);
  // A table or row missing as a whole, or R6 without last year's report: about the section.
  const sectionItems = problemItems(ctx.idPrefix, section.key, ctx.placed.sections.get(section.key) ?? NO_PROBLEMS);
  const hasNote = typeof note === 'string' && note.trim() !== '';
  return (
    <>
      {tables.map((table, i) => (
        <TableGrid
          key={i}
          table={table}
          heading={section.heading}
          content={ctx.content}
          readOnly={ctx.readOnly}
          drafts={ctx.drafts}
          cellProblems={ctx.placed.cells}
          idPrefix={ctx.idPrefix}
          onCellInput={ctx.onCellInput}
        />
      ))}
      <ProblemList items={sectionItems} />
      {(!ctx.readOnly || hasNote || noteItems.length > 0) && (
        <div class="ar-note">
          {ctx.readOnly ? (
            <span class="ar-note-label" id={`${noteId}-label`}>说明</span>
          ) : (
            <label class="ar-note-label" for={noteId} id={`${noteId}-label`}>
              说明<span class="ar-optional">（选填）</span>
            </label>
          )}
          <TextField
            path={notePath}
            id={noteId}
            text={note}
            labelledBy={`${noteId}-label`}
            items={noteItems}
            readOnly={ctx.readOnly}
            findings={ctx.findings[notePath]}
            selectedFinding={ctx.selectedFinding}
            onSelectFinding={ctx.onSelectFinding}
            onText={ctx.onText}
          />
          <ProblemList items={noteItems} />
        </div>
      )}
    </>
  );
}

function Section({ section, ctx }) {
  const headingId = elementId(ctx.idPrefix, 'heading', section.key);
  const Heading = ctx.headingTag;
  return (
    <section class="ar-section" data-section={section.key} aria-labelledby={headingId}>
      <Heading class="ar-heading" id={headingId}>
        {section.heading}
      </Heading>
      {isTableSection(section) ? (
        <TableSection section={section} ctx={ctx} />
      ) : (
        <FreeTextSection section={section} headingId={headingId} ctx={ctx} />
      )}
    </section>
  );
}

/**
 * The annual report editor (or viewer, with readOnly).
 *
 * Props:
 *   template        the template JSON of op `annual.templates` (sections, blocks, rules)
 *   content         the report content JSON ({template, year, sections, notes?, <tables>})
 *   onChange        (newContent) => void; called on every valid edit with a new object
 *   readOnly        show values and paragraphs instead of inputs (findings highlighted)
 *   problems        [{rule, path, message}] from validation; placed at their cell or field
 *   findings        {<field path>: [{id, severity, start, end}]} (sections.x, notes.x)
 *   selectedFinding the id of the selected finding, or null
 *   onSelectFinding (id) => void; a finding mark was clicked or chosen with Enter
 *   headingLevel    level of the section headings (default 2: <h2>)
 *   onInvalidCells  (count) => void; how many cells hold text that does not parse (the
 *                   page refuses to save while any does: their values are not in content)
 *   cellDrafts      optional {path: {text, error}}: the cells whose text does not parse,
 *                   kept by the caller (so they survive a reload). When given, a cell edit
 *                   calls onChange(newContent, newCellDrafts) once with both.
 */
export function AnnualEditor({
  template,
  content,
  onChange,
  readOnly = false,
  problems = NO_PROBLEMS,
  findings = NO_FINDINGS,
  selectedFinding = null,
  onSelectFinding,
  headingLevel = 2,
  onInvalidCells,
  cellDrafts,
}) {
  const idPrefix = `ar${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  // Cells whose text does not parse: {path: {text, error}}. They stay out of the content
  // (which only ever holds valid values) until corrected or emptied.
  const [ownDrafts, setOwnDrafts] = useState({});
  const controlled = cellDrafts !== undefined;
  const drafts = controlled ? cellDrafts : ownDrafts;
  const templateId = template?.id;
  useEffect(() => setOwnDrafts({}), [templateId]); // another template: other cells
  const invalidCells = Object.keys(drafts).length;
  useEffect(() => onInvalidCells?.(invalidCells), [invalidCells]);

  const placed = useMemo(() => placeProblems(template, problems), [template, problems]);
  const report = content ?? {};

  const onCellInput = (cell, text) => {
    const parsed = parseCellInput(cell.type, text);
    const { [cell.path]: _dropped, ...others } = drafts;
    const nextDrafts = parsed.error ? { ...drafts, [cell.path]: { text, error: parsed.error } } : others;
    const nextContent = parsed.error ? report : setCell(report, cell.path, parsed.value);
    if (controlled) {
      onChange?.(nextContent, nextDrafts);
      return;
    }
    setOwnDrafts(nextDrafts);
    if (!parsed.error) onChange?.(nextContent);
  };
  const onText = (path, text) => onChange?.(setCell(report, path, text));

  if (!template || !Array.isArray(template.sections)) {
    return <p class="ar-empty">未找到报告模板。</p>;
  }
  const level = Math.min(6, Math.max(1, Number(headingLevel) || 2));
  const ctx = {
    idPrefix,
    content: report,
    readOnly,
    drafts,
    placed,
    findings: findings ?? NO_FINDINGS,
    selectedFinding,
    onSelectFinding,
    onCellInput,
    onText,
    headingTag: `h${level}`,
  };
  const generalItems = problemItems(idPrefix, 'general', placed.general);
  return (
    <div class={`ar-editor${readOnly ? ' ar-readonly' : ''}`} data-template={template.id}>
      {/* Problems no section owns (template, year, unknown keys) are listed first. */}
      <ProblemList items={generalItems} />
      {template.sections.map((section) => (
        <Section key={section.key} section={section} ctx={ctx} />
      ))}
    </div>
  );
}
