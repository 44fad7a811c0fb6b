import { isTableSection, sectionCells } from '../annual/layout.js';

// Findings of a scan grouped by the content field they are in, as the editors want them.
export function findingsByField(scan) {
  const out = {};
  for (const finding of scan?.findings ?? []) (out[finding.field] ??= []).push(finding);
  return out;
}

// Chinese names of the content paths, for the diff: table cells by their qualified labels,
// text sections by their headings.
export function pathLabels(template) {
  const labels = { body: '正文', summary: '摘要', title: '标题' };
  for (const section of template?.sections ?? []) {
    if (isTableSection(section)) {
      for (const cell of sectionCells(section)) labels[cell.path] = cell.label;
      labels[`notes.${section.key}`] = `${section.heading}（说明）`;
    } else {
      labels[`sections.${section.key}`] = section.heading;
    }
  }
  return labels;
}

// What a comment thread can be about: the free-text sections and the tables.
export function commentAnchors(template) {
  return (template?.sections ?? []).map((section) => [
    isTableSection(section) ? section.key : `sections.${section.key}`,
    section.heading,
  ]);
}

// The template a report year defaults to (2019–2020 → gov-annual-2019, …), as the server
// chooses it.
export function templateForYear(templates, year) {
  return templates.find((t) => t.first_year <= year && (t.last_year === null || year <= t.last_year));
}

// The template an annual report's content uses: its "template", else its year's default.
export function templateOf(templates, content) {
  return templates.find((t) => t.id === content?.template) ?? templateForYear(templates, content?.year);
}
