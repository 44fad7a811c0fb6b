import { describe, expect, it } from 'vitest';
import { ACTION_LABELS, CHECKLIST_ITEMS, STATE_LABELS, errorMessage, plainMessage } from './labels.js';
import { afterAction, allNo, applySuggestion, insertPhrase, maskExample, opinionPhrases, publicPageUrl } from './review.js';

describe('opinion phrases', () => {
  it('offers the common phrases of each decision', () => {
    expect(opinionPhrases('approve')).toContain('同意发布');
    expect(opinionPhrases('return')).toContain('请修改后再报');
    expect(opinionPhrases('pass_review')).toContain('同意');
  });

  it('puts a phrase into an empty box, after free text, and never twice', () => {
    expect(insertPhrase('', '同意')).toBe('同意');
    expect(insertPhrase('  ', '同意')).toBe('同意');
    expect(insertPhrase('数据已核对', '同意发布')).toBe('数据已核对；同意发布');
    expect(insertPhrase('数据已核对。', '同意发布')).toBe('数据已核对。同意发布');
    expect(insertPhrase('数据已核对；同意发布', '同意发布')).toBe('数据已核对；同意发布');
    expect(insertPhrase('同意发布', '同意')).toBe('同意发布；同意');
  });
});

describe('以上均否', () => {
  it('answers every checklist item 否', () => {
    const answers = allNo(CHECKLIST_ITEMS);
    expect(Object.keys(answers)).toEqual(CHECKLIST_ITEMS.map(([key]) => key));
    expect(Object.values(answers).every((v) => v === false)).toBe(true);
  });
});

describe('the confirmation after an action', () => {
  it('says what happened and what comes next', () => {
    const submitted = afterAction('submit', 'secrecy_review');
    expect(submitted.done).toContain('已提交保密审查');
    expect(afterAction('publish', 'published').done).toBe('已发布。');
    expect(afterAction('unknown', 'leader_approval').done).toContain('领导审批');
    expect(submitted.next).toContain('等待保密审查人审查');
    expect(afterAction('pass_review', 'leader_approval').next).toContain('分管领导');
    expect(afterAction('publish', 'published').next).toContain('公开页面');
    expect(afterAction('publish', 'published').done).not.toMatch(/[a-z]/);
    expect(publicPageUrl(7)).toBe('/public/reports/7');
  });
});

describe('masking examples', () => {
  it('fit the kind of identifier', () => {
    expect(maskExample('mobile_number')).toBe('138****5678');
    expect(maskExample('resident_id')).not.toBe(maskExample('mobile_number'));
    expect(maskExample('resident_id')).toMatch(/^\d{2}\*+\d{3}$/);
    expect(maskExample('email')).toContain('@');
    expect(maskExample('typo')).toBe('');
  });
});

describe('a typo suggestion applied', () => {
  const typo = { rule: 'typo', field: 'body', start: 3, end: 5, suggestion: '部署' };
  it('replaces the marked code points of the field', () => {
    const result = applySuggestion({ content: { body: '已按照布署开展😀工作' }, title: 'T' }, { ...typo, start: 3, end: 5 });
    expect(result).toEqual({ content: { body: '已按照部署开展😀工作' }, title: 'T' });
    // offsets are code points: an emoji before the typo counts once
    const after = applySuggestion({ content: { body: '😀已按布署' } }, { ...typo, start: 3, end: 5 });
    expect(after.content.body).toBe('😀已按部署');
  });
  it('reaches nested fields and the title, and leaves the rest alone', () => {
    const content = { year: 2020, sections: { overview: '认真布署。', other: '无' }, items: [{ text: 'a' }, { text: '给与支持' }] };
    const nested = applySuggestion({ content, title: 'x' }, { ...typo, field: 'sections.overview', start: 2, end: 4 });
    expect(nested.content.sections).toEqual({ overview: '认真部署。', other: '无' });
    expect(content.sections.overview).toBe('认真布署。');
    const item = applySuggestion({ content }, { ...typo, field: 'items[1].text', start: 0, end: 2, suggestion: '给予' });
    expect(item.content.items[1].text).toBe('给予支持');
    expect(Array.isArray(item.content.items)).toBe(true);
    const title = applySuggestion({ content, title: '关于布署的通知' }, { ...typo, field: 'title', start: 2, end: 4 });
    expect(title.title).toBe('关于部署的通知');
    expect(title.content).toBe(content);
  });
  it('refuses when the text no longer has the marked place or there is no suggestion', () => {
    expect(applySuggestion({ content: { body: '短' } }, typo)).toBeNull();
    expect(applySuggestion({ content: { body: '已按照布署' } }, { ...typo, suggestion: undefined })).toBeNull();
  });
});

describe('refusals say a thing once, in Chinese', () => {
  it('does not repeat a leading label', () => {
    expect(plainMessage('操作被拒绝：操作被拒绝，只有起草人可以执行此操作')).toBe('操作被拒绝，只有起草人可以执行此操作');
  });
  it('names states and actions in Chinese and drops field codes', () => {
    expect(plainMessage('报告当前状态“secrecy_review”下不能执行“submit”')).toBe(
      `报告当前状态“${STATE_LABELS.secrecy_review}”下不能执行“${ACTION_LABELS.submit}”`,
    );
    expect(plainMessage('请填写意见（comment）')).toBe('请填写意见');
    expect(plainMessage('请选择要遮盖的扫描发现（finding_ids）')).toBe('请选择要遮盖的扫描发现');
  });
  it('falls back to the meaning of the code', () => {
    expect(errorMessage({ code: 'forbidden', message: 'forbidden' })).toBe('操作被拒绝');
    expect(errorMessage({ code: 'conflict' })).toContain('刷新');
    expect(errorMessage({ code: 'internal', message: '' })).not.toMatch(/[a-z]/);
  });
});

describe('notice form', () => {
  it('offers the configured categories and keeps one that is not in the list', async () => {
    const { categoryOptions } = await import('./notice.js');
    const configured = ['通知', '公告', '公示'];
    expect(categoryOptions(configured, '')).toEqual(configured);
    expect(categoryOptions(configured, '公告')).toEqual(configured);
    expect(categoryOptions(configured, '人事任免')).toEqual([...configured, '人事任免']);
  });
  it('names each empty required field in Chinese', async () => {
    const { missingMessages } = await import('./notice.js');
    expect(missingMessages([['title', ' ', '标题'], ['body', '正文内容', '正文']])).toEqual({ title: '请填写标题' });
  });
});
