import { describe, expect, it } from 'vitest';
import { mergeContent } from './merge.js';

describe('mergeContent', () => {
  const base = { sections: { overview: '甲', problems: '乙' }, applications: { granted: { total: 1 } } };

  it('keeps both sides when they changed different fields', () => {
    const mine = { ...base, sections: { ...base.sections, problems: '乙（改）' } };
    const theirs = { ...base, sections: { ...base.sections, overview: '甲（改）' } };
    expect(mergeContent(base, mine, theirs)).toEqual({
      content: { sections: { overview: '甲（改）', problems: '乙（改）' }, applications: { granted: { total: 1 } } },
      conflicts: [],
    });
  });

  it('reports a field both changed differently and keeps mine there', () => {
    const mine = { ...base, applications: { granted: { total: 2 } } };
    const theirs = { ...base, applications: { granted: { total: 3 } } };
    const { content, conflicts } = mergeContent(base, mine, theirs);
    expect(content.applications.granted.total).toBe(2);
    expect(conflicts).toEqual([{ path: 'applications.granted.total', mine: 2, theirs: 3 }]);
  });

  it('applies removals from either side', () => {
    const mine = { sections: { overview: '甲' }, applications: base.applications };
    const { content, conflicts } = mergeContent(base, mine, base);
    expect(content.sections).toEqual({ overview: '甲' });
    expect(conflicts).toEqual([]);
  });

  it('the same change on both sides is no conflict', () => {
    const changed = { ...base, sections: { overview: '丙', problems: '乙' } };
    expect(mergeContent(base, changed, structuredClone(changed)).conflicts).toEqual([]);
  });
});
