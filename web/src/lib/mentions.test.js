import { describe, expect, it } from 'vitest';
import { splitMentions } from './mentions.js';

const shown = (parts) => parts.map((p) => (p.mention ? `[${p.text}]` : p.text)).join('');

describe('splitMentions', () => {
  it('emphasises exactly the names the server found, even run into the sentence', () => {
    expect(shown(splitMentions('第三部分已核对，@王强请审阅', ['@王强']))).toBe('第三部分已核对，[@王强]请审阅');
    expect(shown(splitMentions('@leader 与 @王强 请阅，@王强再看', ['@王强', '@leader']))).toBe('[@leader] 与 [@王强] 请阅，[@王强]再看');
  });

  it('prefers the longest mention and leaves unknown ones plain', () => {
    expect(shown(splitMentions('@王强国请看 @王强', ['@王强', '@王强国']))).toBe('[@王强国]请看 [@王强]');
    expect(shown(splitMentions('@陈静看看 @nobody', []))).toBe('@陈静看看 @nobody');
    expect(splitMentions('', ['@王强'])).toEqual([]);
  });
});
