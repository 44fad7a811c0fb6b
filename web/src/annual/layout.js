// Pure helpers for the annual-report editor: the grid model of each table section (the
// same headers, merged cells and row-label tree the server prints in
// annual/src/html_report_writer.cpp), cell access by path, cell input parsing and the
// placement of validation problems. No DOM here, so all of it is unit-tested in node.

/** Separator of the qualified cell labels read out by screen readers. */
const LABEL_SEPARATOR = '/';

// Same limits as the server (annual/src/cell_value.hpp, decimal_amount.hpp): refusing
// them while typing is friendlier than a validation error after saving.
const MAX_COUNT = 1_000_000_000_000;
const MAX_AMOUNT_DECIMALS = 4;
const MAX_AMOUNT_YUAN = 100_000_000_000_000n; // 10^10 万元, in 元 (1 万元 = 10^4 元)

export function isTableSection(section) {
  return Boolean(section && section.layout);
}

// ---------------------------------------------------------------------------------------
// Grid model
//
// A section becomes one or more tables (`blocks`: one per block, as printed). Each table is
//   {layout, title, headerRows: HeaderCell[][], bodyRows: BodyCell[][], cells: DataCell[]}
// HeaderCell = {kind: 'header', text, colSpan, rowSpan, className, scope}
// LabelCell  = {kind: 'label', text, colSpan, rowSpan, depth, className, scope}
// DataCell   = {kind: 'data', path, type, label, where, valueSuffix, rowKey, columnKey}
// `label` qualifies the cell fully (section heading included) for aria-label; `where` is
// the same without the heading, for messages shown under the table.

/** The tables of a table section in printed order; [] for a free-text section. */
export function sectionTables(section) {
  switch (section?.layout) {
    case 'blocks':
      return section.blocks.map((block) => blocksTable(section, block));
    case 'matrix':
      return [matrixTable(section, section.blocks[0])];
    case 'grouped_row':
      return [groupedRowTable(section, section.blocks[0])];
    default:
      return [];
  }
}

/** Every data cell of a section, in printed order. */
export function sectionCells(section) {
  return sectionTables(section).flatMap((table) => table.cells);
}

function headerCell(text, { colSpan = 1, rowSpan = 1, className = '', scope = 'col' } = {}) {
  return { kind: 'header', text, colSpan, rowSpan, className, scope };
}

function labelCell(text, { colSpan = 1, rowSpan = 1, depth = 0, heading = false } = {}) {
  // Heading rows (三、本年度办理结果) group the rows beside them, so they label a rowgroup.
  const className = heading ? 'ar-row-label ar-row-group' : 'ar-row-label';
  return { kind: 'label', text, colSpan, rowSpan, depth, className, scope: heading ? 'rowgroup' : 'row' };
}

function dataCell(section, block, rowPath, row, column) {
  const where = [...rowPath.map((r) => r.label), row.group, row.label, column.group, column.label]
    .filter(Boolean)
    .join(LABEL_SEPARATOR);
  const label = [section.heading, block.title, where].filter(Boolean).join(LABEL_SEPARATOR);
  return {
    kind: 'data',
    path: `${section.key}.${row.key}.${column.key}`,
    type: column.type || 'count',
    label,
    where,
    valueSuffix: column.value_suffix || '',
    rowKey: row.key,
    columnKey: column.key,
  };
}

function makeTable(layout, title, headerRows, bodyRows) {
  const cells = bodyRows.flat().filter((cell) => cell.kind === 'data');
  return { layout, title, headerRows, bodyRows, cells };
}

// 表二: a title line over the whole block, then 信息内容 and the column labels.
function blocksTable(section, block) {
  const headerRows = [
    [headerCell(block.title, { colSpan: block.columns.length + 1, className: 'ar-block-title', scope: 'colgroup' })],
    [headerCell(section.row_heading), ...block.columns.map((column) => headerCell(column.label))],
  ];
  const bodyRows = block.rows.map((row) => [
    labelCell(row.label),
    ...block.columns.map((column) => dataCell(section, block, [], row, column)),
  ]);
  return makeTable('blocks', block.title, headerRows, bodyRows);
}

/**
 * Runs of neighbouring items sharing a non-empty `group`, as [{group, items}]; an item
 * without a group is a run of its own (group ''). Merged headers are drawn per run.
 */
export function groupRuns(items) {
  const runs = [];
  for (const item of items) {
    const last = runs[runs.length - 1];
    if (item.group && last && last.group === item.group) {
      last.items.push(item);
    } else {
      runs.push({ group: item.group || '', items: [item] });
    }
  }
  return runs;
}

/** The depth of the deepest data row below `rows` (1 for a flat list). */
export function treeDepth(rows) {
  let depth = 1;
  for (const row of rows) {
    if (row.children?.length) {
      depth = Math.max(depth, 1 + treeDepth(row.children));
    }
  }
  return depth;
}

/** The printed lines a row spans: itself for a data row, its data rows for a heading. */
export function leafCount(row) {
  if (!row.children?.length) {
    return 1;
  }
  return row.children.reduce((sum, child) => sum + leafCount(child), 0);
}

// 表三: the corner note over the label columns, 申请人情况 over all columns, merged group
// headers (法人或其他组织) with their columns beneath, ungrouped columns spanning both lines.
function matrixTable(section, block) {
  const { columns, rows } = block;
  const labelColumns = treeDepth(rows);
  const grouped = columns.some((column) => column.group);
  const headerLines = (section.column_heading ? 1 : 0) + (grouped ? 2 : 1);

  const corner = headerCell(section.corner_note, {
    colSpan: labelColumns,
    rowSpan: headerLines,
    className: 'ar-corner',
    scope: '',
  });
  const headerRows = [[corner]];
  if (section.column_heading) {
    headerRows[0].push(headerCell(section.column_heading, { colSpan: columns.length, scope: 'colgroup' }));
    headerRows.push([]);
  }
  const groupLine = headerRows[headerRows.length - 1];
  for (const run of groupRuns(columns)) {
    if (run.group) {
      groupLine.push(headerCell(run.group, { colSpan: run.items.length, scope: 'colgroup' }));
    } else {
      groupLine.push(headerCell(run.items[0].label, { rowSpan: grouped ? 2 : 1 }));
    }
  }
  if (grouped) {
    headerRows.push(columns.filter((column) => column.group).map((column) => headerCell(column.label)));
  }

  const bodyRows = [];
  matrixRows(section, block, rows, [], labelColumns, [], bodyRows);
  return makeTable('matrix', '', headerRows, bodyRows);
}

// A heading row's label is printed on the line of its first data row, spanning all of its
// data rows; `pending` carries such labels down to that line. Data-row labels widen to fill
// the label columns their tree level leaves free.
function matrixRows(section, block, rows, ancestors, labelColumns, pending, out) {
  for (const row of rows) {
    const depth = ancestors.length;
    if (row.children?.length) {
      pending.push(labelCell(row.label, { rowSpan: leafCount(row), depth, heading: true }));
      matrixRows(section, block, row.children, [...ancestors, row], labelColumns, pending, out);
      continue;
    }
    const line = pending.splice(0, pending.length);
    line.push(labelCell(row.label, { colSpan: labelColumns - depth, depth }));
    for (const column of block.columns) {
      line.push(dataCell(section, block, ancestors, row, column));
    }
    out.push(line);
  }
}

// 表四: the rows are printed side by side, each as a group of the block's columns, under
// their own label and, when grouped (行政诉讼), a merged group label; one line of data.
function groupedRowTable(section, block) {
  const { columns, rows } = block;
  const width = columns.length;
  const grouped = rows.some((row) => row.group);

  const top = [];
  for (const run of groupRuns(rows)) {
    if (run.group) {
      top.push(headerCell(run.group, { colSpan: width * run.items.length, scope: 'colgroup' }));
    } else {
      top.push(headerCell(run.items[0].label, { colSpan: width, rowSpan: grouped ? 2 : 1, scope: 'colgroup' }));
    }
  }
  const headerRows = [top];
  if (grouped) {
    headerRows.push(
      rows.filter((row) => row.group).map((row) => headerCell(row.label, { colSpan: width, scope: 'colgroup' })),
    );
  }
  headerRows.push(rows.flatMap(() => columns.map((column) => headerCell(column.label))));

  const line = rows.flatMap((row) => columns.map((column) => dataCell(section, block, [], row, column)));
  return makeTable('grouped_row', '', headerRows, [line]);
}

// ---------------------------------------------------------------------------------------
// Content access. Paths are dot-separated keys (`applications.results_total.total`,
// `sections.overview`, `notes.proactive`); template keys never contain dots.

function pathKeys(path) {
  return String(path).split('.').filter((key) => key !== '');
}

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value at `path`, or undefined when any part of the path is missing. */
export function getCell(content, path) {
  let node = content;
  for (const key of pathKeys(path)) {
    if (!isPlainObject(node) || !Object.hasOwn(node, key)) {
      return undefined;
    }
    node = node[key];
  }
  return node;
}

/**
 * A copy of `content` with `value` at `path` (created objects along the way);
 * `value === undefined` removes the key. Only the objects on the path are copied, so
 * unchanged sections keep their identity (cheap re-renders, easy change detection).
 */
export function setCell(content, path, value) {
  const keys = pathKeys(path);
  if (keys.length === 0) {
    return content;
  }
  return setIn(isPlainObject(content) ? content : {}, keys, value);
}

function setIn(node, keys, value) {
  const [key, ...rest] = keys;
  const copy = { ...node };
  if (rest.length === 0) {
    if (value === undefined) {
      delete copy[key];
    } else {
      copy[key] = value;
    }
    return copy;
  }
  const child = isPlainObject(node[key]) ? node[key] : {};
  copy[key] = setIn(child, rest, value);
  return copy;
}

/** How a stored cell value is shown: counts as written, amounts as their string. */
export function formatCellValue(value) {
  if (value === undefined || value === null) {
    return '';
  }
  return typeof value === 'string' ? value : String(value);
}

// ---------------------------------------------------------------------------------------
// Cell input

// Chinese input methods often produce full-width digits and signs: they mean the same.
function toHalfWidth(text) {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[．。]/g, '.')
    .replace(/[－−]/g, '-');
}

/**
 * Reads what was typed into a cell of the given column type.
 * Returns {value} (number for counts, decimal string for amounts, undefined for empty text:
 * remove the key) or {error} with a Chinese message.
 */
export function parseCellInput(type, text) {
  const input = toHalfWidth(String(text ?? '')).trim();
  if (input === '') {
    return { value: undefined };
  }
  if (type === 'amount') {
    return parseAmount(input);
  }
  return parseCount(input, type === 'signed_count');
}

function parseCount(input, signed) {
  if (!/^-?\d+$/.test(input)) {
    if (/^-?\d*\.\d+$/.test(input)) {
      return { error: '请填写整数，不能有小数' };
    }
    return { error: signed ? '请填写整数（减少时填负数，如 -2）' : '请填写非负整数，如 0、12' };
  }
  if (!signed && input.startsWith('-')) {
    return { error: '此项不能为负数' };
  }
  const value = Number(input);
  if (Math.abs(value) > MAX_COUNT) {
    return { error: '数值过大（不能超过 1000000000000）' };
  }
  return { value: value === 0 ? 0 : value }; // no -0 in the report
}

function parseAmount(input) {
  if (/^-\d+(\.\d+)?$/.test(input)) {
    return { error: '金额不能为负数' };
  }
  const match = /^(\d+)(?:\.(\d+))?$/.exec(input);
  if (!match) {
    return { error: '请填写以万元为单位的金额，如 14.73' };
  }
  const [, whole, fraction = ''] = match;
  if (fraction.length > MAX_AMOUNT_DECIMALS) {
    return { error: '金额最多四位小数（0.0001 万元即 1 元）' };
  }
  const yuan = BigInt(whole) * 10_000n + BigInt(fraction.padEnd(MAX_AMOUNT_DECIMALS, '0'));
  if (yuan > MAX_AMOUNT_YUAN) {
    return { error: '金额过大' };
  }
  // Kept as the decimal string typed: binary floating point cannot hold 14.73 exactly.
  return { value: input };
}

// ---------------------------------------------------------------------------------------
// Problems

/** Problems grouped by path, in their original order: Map<path, problem[]>. */
export function problemsByPath(problems) {
  const byPath = new Map();
  for (const problem of problems ?? []) {
    if (!problem) {
      continue;
    }
    // A problem about the whole content may come without a path: keep it, under ''.
    const path = typeof problem.path === 'string' ? problem.path : '';
    const list = byPath.get(path);
    if (list) {
      list.push(problem);
    } else {
      byPath.set(path, [problem]);
    }
  }
  return byPath;
}

/**
 * Where each problem is shown in the editor:
 *   cells:    Map<cell path, problem[]>             (under the cell's table)
 *   fields:   Map<'sections.x' | 'notes.x', problem[]> (under that textarea)
 *   sections: Map<section key, problem[]>           (a whole table or row: under the section)
 *   general:  problem[]                              (template, year, unknown keys)
 * Nothing is dropped: a path the template does not know ends up in `general`.
 */
export function placeProblems(template, problems) {
  const placed = { cells: new Map(), fields: new Map(), sections: new Map(), general: [] };
  const sections = template?.sections ?? [];
  const cellPaths = new Set(sections.flatMap((section) => sectionCells(section).map((cell) => cell.path)));
  const fieldPaths = new Set();
  for (const section of sections) {
    fieldPaths.add(isTableSection(section) ? `notes.${section.key}` : `sections.${section.key}`);
  }
  const tableKeys = new Set(sections.filter(isTableSection).map((section) => section.key));

  for (const [path, list] of problemsByPath(problems)) {
    const sectionKey = path.split('.')[0];
    if (cellPaths.has(path)) {
      placed.cells.set(path, list);
    } else if (fieldPaths.has(path)) {
      placed.fields.set(path, list);
    } else if (tableKeys.has(sectionKey)) {
      placed.sections.set(sectionKey, [...(placed.sections.get(sectionKey) ?? []), ...list]);
    } else {
      placed.general.push(...list);
    }
  }
  return placed;
}
