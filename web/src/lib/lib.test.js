import { describe, expect, it } from 'vitest';
import { diffContent, diffLines, flattenContent } from './diff.js';
import { BOM, csvField, toCsv } from './csv.js';

describe('diffLines', () => {
  it('keeps common paragraphs and marks the rest', () => {
    const out = diffLines(['甲', '乙', '丙'], ['甲', '丁', '丙', '戊']);
    expect(out).toEqual([
      { type: 'same', text: '甲' },
      { type: 'removed', text: '乙' },
      { type: 'added', text: '丁' },
      { type: 'same', text: '丙' },
      { type: 'added', text: '戊' },
    ]);
  });
  it('handles empty sides', () => {
    expect(diffLines([], ['a'])).toEqual([{ type: 'added', text: 'a' }]);
    expect(diffLines(['a'], [])).toEqual([{ type: 'removed', text: 'a' }]);
  });
});

describe('diffContent', () => {
  it('separates text paragraphs from table cells', () => {
    const before = { sections: { overview: '一\n二' }, applications: { granted: { total: 3 } }, year: 2024 };
    const after = { sections: { overview: '一\n三' }, applications: { granted: { total: 4 } }, year: 2024 };
    const { texts, cells } = diffContent(before, after);
    expect(texts).toHaveLength(1);
    expect(texts[0].path).toBe('sections.overview');
    expect(texts[0].lines.filter((l) => l.type !== 'same').map((l) => l.text)).toEqual(['二', '三']);
    expect(cells).toEqual([{ path: 'applications.granted.total', before: 3, after: 4 }]);
  });
  it('flattens nested objects to dotted paths', () => {
    expect(flattenContent({ a: { b: { c: 1 } }, d: 'x' })).toEqual({ 'a.b.c': 1, d: 'x' });
  });
});

describe('csv', () => {
  it('starts with a BOM and quotes what needs quoting', () => {
    const csv = toCsv(['序号', '说明'], [[1, '含,逗号'], [2, '含"引号"'], [3, '换\n行']]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv).toBe(`${BOM}序号,说明\r\n1,"含,逗号"\r\n2,"含""引号"""\r\n3,"换\n行"\r\n`);
  });
  it('defuses spreadsheet formulas', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(null)).toBe('');
    expect(csvField(-1)).toBe('-1');
  });
});
