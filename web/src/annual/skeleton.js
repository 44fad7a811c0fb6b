import { isTableSection, sectionCells, setCell } from './layout.js';

// The content of a new, blank annual report of a template: every table cell 0 (what the
// printed form's blank cells mean, and what the importer assumes) and every text section
// empty, so the drafter fills in a complete form and the checks speak about real
// inconsistencies instead of "row missing" for every row.
export function blankAnnualContent(template, year) {
  let content = { template: template.id, year, sections: {} };
  for (const section of template.sections) {
    if (!isTableSection(section)) {
      content.sections[section.key] = '';
      continue;
    }
    for (const cell of sectionCells(section)) {
      content = setCell(content, cell.path, cell.type === 'amount' ? '0' : 0);
    }
  }
  return content;
}
