import { describe, expect, it } from 'vitest';
import { alreadySaved } from './hooks.js';

const base = { body: '原文', summary: '摘要' };
const edit = { base_revision: 2, base_content: base, base_title: '标题', content: { body: '新文', summary: '摘要' }, title: '标题' };

describe('a save refused as a conflict', () => {
  it('was already made when the newest revision is my other tab\'s and holds my edit', () => {
    const newest = { revision: 3, revision_author: 'drafter', title: '标题', content: { summary: '摘要', body: '新文' } };
    expect(alreadySaved(edit, newest, 'drafter')).toBe(true);
  });

  it('was not when somebody else saved, or the newest lacks part of my edit, or cells are unparsed', () => {
    const same = { revision: 3, title: '标题', content: { body: '新文', summary: '摘要' } };
    expect(alreadySaved(edit, { ...same, revision_author: 'drafter-colleague' }, 'drafter')).toBe(false);
    expect(alreadySaved(edit, { ...same, revision_author: 'drafter', content: { body: '别的', summary: '摘要' } }, 'drafter')).toBe(false);
    expect(alreadySaved({ ...edit, title: '新标题' }, { ...same, revision_author: 'drafter' }, 'drafter')).toBe(false);
    expect(alreadySaved({ ...edit, cell_drafts: { x: { text: '1a' } } }, { ...same, revision_author: 'drafter' }, 'drafter')).toBe(false);
  });

  it('keeps what the other revision added besides my edit out of the question: still saved when mine is in it', () => {
    const newest = { revision: 3, revision_author: 'drafter', title: '标题', content: { body: '新文', summary: '另一窗口改的摘要' } };
    expect(alreadySaved(edit, newest, 'drafter')).toBe(true);
  });
});
