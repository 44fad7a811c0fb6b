// What changed between two revisions of a report, for the reviewer ("what changed since the
// revision I last reviewed") and the auditor's timeline. Text is compared paragraph by
// paragraph (the unit people edit and read); table cells are compared cell by cell.

// Longest-common-subsequence diff of two arrays of strings:
// [{type: 'same'|'added'|'removed', text}]. Reports are a few hundred paragraphs at most, so
// the quadratic table is small.
export function diffLines(before, after) {
  const n = before.length;
  const m = after.length;
  const common = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      common[i][j] =
        before[i] === after[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      out.push({ type: 'same', text: before[i] });
      i++;
      j++;
    } else if (common[i + 1][j] >= common[i][j + 1]) {
      out.push({ type: 'removed', text: before[i++] });
    } else {
      out.push({ type: 'added', text: after[j++] });
    }
  }
  while (i < n) out.push({ type: 'removed', text: before[i++] });
  while (j < m) out.push({ type: 'added', text: after[j++] });
  return out;
}

// Every leaf of a content object: {"sections.overview": "…", "applications.granted.total": 3}.
export function flattenContent(value, prefix = '', out = {}) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      flattenContent(child, prefix ? `${prefix}.${key}` : key, out);
    }
  } else if (prefix) {
    out[prefix] = value;
  }
  return out;
}

// The differences between two contents: text fields as paragraph diffs, other leaves (table
// cells, years, template ids) as before/after pairs.
// → {texts: [{path, lines}], cells: [{path, before, after}]}
export function diffContent(before, after) {
  const left = flattenContent(before ?? {});
  const right = flattenContent(after ?? {});
  const paths = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
  const texts = [];
  const cells = [];
  for (const path of paths) {
    const a = left[path];
    const b = right[path];
    if (a === b) continue;
    const isText = (typeof a === 'string' || a === undefined) && (typeof b === 'string' || b === undefined) && isTextPath(path);
    if (isText) {
      texts.push({ path, lines: diffLines(splitParagraphs(a), splitParagraphs(b)) });
    } else {
      cells.push({ path, before: a, after: b });
    }
  }
  return { texts, cells };
}

function isTextPath(path) {
  return path.startsWith('sections.') || path.startsWith('notes.') || ['body', 'summary'].includes(path);
}

function splitParagraphs(text) {
  return text ? text.split('\n') : [];
}
