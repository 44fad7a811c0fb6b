import { describe, expect, it } from 'vitest';
import template2021 from './fixtures/gov-annual-2021.json';
import template2019 from './fixtures/gov-annual-2019.json';
import { getCell, isTableSection, sectionCells } from './layout.js';
import { blankAnnualContent } from './skeleton.js';

describe('blankAnnualContent', () => {
  for (const template of [template2019, template2021]) {
    it(`fills every cell and section of ${template.id}`, () => {
      const content = blankAnnualContent(template, 2024);
      expect(content.template).toBe(template.id);
      expect(content.year).toBe(2024);
      for (const section of template.sections) {
        if (!isTableSection(section)) {
          expect(content.sections[section.key]).toBe('');
          continue;
        }
        for (const cell of sectionCells(section)) {
          expect(getCell(content, cell.path)).toBe(cell.type === 'amount' ? '0' : 0);
        }
      }
    });
  }

  it('stores amounts as decimal strings, never numbers', () => {
    const content = blankAnnualContent(template2021, 2024);
    expect(getCell(content, 'proactive.fees.amount')).toBe('0');
  });
});
