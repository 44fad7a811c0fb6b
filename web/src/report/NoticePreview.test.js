import { describe, expect, it } from 'vitest';
import { chineseDate, noticeStamp } from './NoticePreview.jsx';

describe('noticeStamp', () => {
  it('says what the notice is in each state', () => {
    expect(noticeStamp('draft')[1]).toBe('草稿');
    expect(noticeStamp('secrecy_review')[1]).toBe('送审稿');
    expect(noticeStamp('first_review')[1]).toBe('送审稿');
    expect(noticeStamp('leader_approval')[0]).toContain('待领导签发');
    expect(noticeStamp('approved')[1]).toBe('待发布');
    expect(noticeStamp('published')).toBeNull();
    for (const state of ['secrecy_review', 'leader_approval', 'approved']) {
      expect(noticeStamp(state).join('')).not.toContain('草稿');
    }
  });
});

describe('chineseDate', () => {
  it('writes the date as a 落款 does', () => {
    expect(chineseDate('2026-12-08')).toBe('2026年12月8日');
    expect(chineseDate('2026-01-10T02:00:00Z')).toBe('2026年1月10日');
    expect(chineseDate('2026-01-09T20:00:00Z')).toBe('2026年1月10日'); // Beijing's day
    expect(chineseDate('')).toBe('');
    expect(chineseDate(undefined)).toBe('');
  });
});
