import { describe, expect, it } from 'vitest';
import { splitByFindings, splitParagraphs } from './HighlightedText.jsx';

const finding = (id, start, end, severity = 'review') => ({ id, severity, start, end });
const shape = (segments) => segments.map((s) => [s.text, s.finding ? s.finding.id : null]);

describe('splitByFindings', () => {
  it('returns the whole text as one plain segment without findings', () => {
    expect(shape(splitByFindings('总体情况', []))).toEqual([['总体情况', null]]);
    expect(shape(splitByFindings('总体情况', undefined))).toEqual([['总体情况', null]]);
    expect(splitByFindings('', [finding('a', 0, 1)])).toEqual([]);
  });

  it('counts offsets in code points: an astral character before a finding is one', () => {
    // 𠮷 is U+20BB7: one code point, two UTF-16 units. 标椎 starts at code point 4.
    const text = '𠮷野家，标椎化建设';
    expect(text.indexOf('标')).toBe(5); // UTF-16 would put the mark one character early
    const segments = splitByFindings(text, [finding('typo', 4, 6, 'info')]);
    expect(shape(segments)).toEqual([
      ['𠮷野家，', null],
      ['标椎', 'typo'],
      ['化建设', null],
    ]);
    expect(segments[1]).toMatchObject({ start: 4, end: 6 });
  });

  it('handles a finding that is itself astral', () => {
    expect(shape(splitByFindings('甲𠮷乙', [finding('x', 1, 2)]))).toEqual([
      ['甲', null],
      ['𠮷', 'x'],
      ['乙', null],
    ]);
  });

  it('lets the earlier of two overlapping findings win and clips the later', () => {
    const text = '身份证号码110101199003077777';
    const segments = splitByFindings(text, [finding('late', 3, 12), finding('early', 0, 5)]);
    expect(shape(segments)).toEqual([
      ['身份证号码', 'early'],
      ['1101011', 'late'],
      ['99003077777', null],
    ]);
    expect(segments[1]).toMatchObject({ start: 5, end: 12 });
  });

  it('drops a later finding that lies inside an earlier one; equal starts keep the given order', () => {
    expect(shape(splitByFindings('abcdef', [finding('outer', 1, 5), finding('inner', 2, 3)]))).toEqual([
      ['a', null],
      ['bcde', 'outer'],
      ['f', null],
    ]);
    expect(shape(splitByFindings('abcdef', [finding('first', 1, 3), finding('second', 1, 5)]))).toEqual([
      ['a', null],
      ['bc', 'first'],
      ['de', 'second'],
      ['f', null],
    ]);
  });

  it('clamps findings to the text and ignores unusable ones', () => {
    const findings = [finding('tail', 4, 99), finding('empty', 1, 1), finding('backwards', 3, 2), { id: 'x', start: '1', end: 2 }];
    expect(shape(splitByFindings('abcdef', findings))).toEqual([
      ['abcd', null],
      ['ef', 'tail'],
    ]);
  });

  it('covers the text exactly once', () => {
    const text = '第一段𠮷\n第二段，联系电话13800138000。\n第三段';
    const segments = splitByFindings(text, [finding('a', 2, 6), finding('b', 5, 9), finding('c', 16, 27)]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    for (let i = 1; i < segments.length; i += 1) {
      expect(segments[i].start).toBe(segments[i - 1].end);
    }
    expect(segments.at(-1).end).toBe(Array.from(text).length);
  });
});

describe('splitParagraphs', () => {
  it('splits at line breaks with code-point offsets and drops blank lines', () => {
    const text = '𠮷一\n\n二标椎\n';
    const paragraphs = splitParagraphs(splitByFindings(text, [finding('t', 5, 7)]));
    expect(paragraphs.map(shape)).toEqual([[['𠮷一', null]], [['二', null], ['标椎', 't']]]);
    expect(paragraphs[1][1]).toMatchObject({ start: 5, end: 7, continued: false });
  });

  it('continues a finding across a line break as a non-first part', () => {
    const paragraphs = splitParagraphs(splitByFindings('甲乙\n丙丁', [finding('x', 1, 4)]));
    expect(paragraphs.map(shape)).toEqual([
      [['甲', null], ['乙', 'x']],
      [['丙', 'x'], ['丁', null]],
    ]);
    expect(paragraphs[0][1].continued).toBe(false);
    expect(paragraphs[1][0]).toMatchObject({ continued: true, start: 3, end: 4 });
  });
});
