import { describe, expect, it } from 'vitest';
import { clearUnsaved, countUnsaved, loadUnsaved, saveUnsaved, watchUnsaved } from './unsaved.js';

// A Storage stand-in: the real one is a browser global; vitest runs in Node.
class MemoryStorage {
  constructor() {
    this.items = new Map();
  }
  get length() {
    return this.items.size;
  }
  key(i) {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(k) {
    return this.items.has(k) ? this.items.get(k) : null;
  }
  setItem(k, v) {
    this.items.set(k, String(v));
  }
  removeItem(k) {
    this.items.delete(k);
  }
}

function storageEvent(key, newValue) {
  const event = new Event('storage');
  Object.assign(event, { key, newValue });
  return event;
}

describe('unsaved edits', () => {
  it('are kept per user and per report, including cell text that does not parse yet', () => {
    const storage = new MemoryStorage();
    const edit = { base_revision: 3, content: { a: 1 }, title: 't', cell_drafts: { 'x.y': { text: '12a', error: '请输入整数' } } };
    saveUnsaved('zhang', 7, edit, storage);
    expect(loadUnsaved('zhang', 7, storage)).toMatchObject(edit);
    expect(loadUnsaved('li', 7, storage)).toBeNull();
    expect(loadUnsaved('zhang', 8, storage)).toBeNull();
    expect(countUnsaved('zhang', storage)).toBe(1);
    clearUnsaved('zhang', 7, storage);
    expect(loadUnsaved('zhang', 7, storage)).toBeNull();
    expect(countUnsaved('zhang', storage)).toBe(0);
  });

  it('changed in another tab reach this one; other reports, users and garbage do not', () => {
    const target = new EventTarget();
    const seen = [];
    const stop = watchUnsaved('zhang', 7, (edit) => seen.push(edit), target);
    target.dispatchEvent(storageEvent('gongkai.unsaved.zhang.7', JSON.stringify({ content: { a: 2 } })));
    target.dispatchEvent(storageEvent('gongkai.unsaved.zhang.8', JSON.stringify({ content: { a: 3 } })));
    target.dispatchEvent(storageEvent('gongkai.unsaved.li.7', JSON.stringify({ content: { a: 4 } })));
    target.dispatchEvent(storageEvent('gongkai.unsaved.zhang.7', '{not json'));
    target.dispatchEvent(storageEvent('gongkai.unsaved.zhang.7', null)); // saved or discarded there
    expect(seen).toEqual([{ content: { a: 2 } }, null]);
    stop();
    target.dispatchEvent(storageEvent('gongkai.unsaved.zhang.7', null));
    expect(seen).toHaveLength(2);
  });
});
