import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Api, ApiError, OfflineError } from './api.js';

// A stand-in for the browser's WebSocket: records what the client sends and lets the test
// play the server (open, answer, push, drop).
class FakeSocket {
  static OPEN = 1;
  static instances = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    FakeSocket.instances.push(this);
  }
  send(text) {
    this.sent.push(JSON.parse(text));
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  answer(request, result) {
    this.onmessage?.({ data: JSON.stringify({ id: request.id, ok: true, result }) });
  }
  refuse(request, error) {
    this.onmessage?.({ data: JSON.stringify({ id: request.id, ok: false, error }) });
  }
  push(event, data) {
    this.onmessage?.({ data: JSON.stringify({ event, data }) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

class MemoryStorage {
  constructor() {
    this.map = new Map();
  }
  getItem(key) {
    return this.map.has(key) ? this.map.get(key) : null;
  }
  setItem(key, value) {
    this.map.set(key, String(value));
  }
  removeItem(key) {
    this.map.delete(key);
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Api', () => {
  let storage;
  beforeEach(() => {
    FakeSocket.instances = [];
    globalThis.WebSocket = FakeSocket;
    storage = new MemoryStorage();
  });
  afterEach(() => {
    vi.useRealTimers();
    delete globalThis.WebSocket;
  });

  it('matches replies to requests by id, in any order', async () => {
    const api = new Api('ws://x/ws', storage);
    api.start();
    const socket = FakeSocket.instances[0];
    socket.open();
    await flush();
    const first = api.call('report.get', { report_id: 1 });
    const second = api.call('report.get', { report_id: 2 });
    await flush();
    const [a, b] = socket.sent;
    expect(a.op).toBe('report.get');
    expect(a.id).not.toBe(b.id);
    socket.answer(b, { n: 2 });
    socket.answer(a, { n: 1 });
    expect(await first).toEqual({ n: 1 });
    expect(await second).toEqual({ n: 2 });
  });

  it('resumes the stored session before anything else is sent', async () => {
    storage.setItem('gongkai.token', 'T');
    const api = new Api('ws://x/ws', storage);
    const users = [];
    api.on('user', (user) => users.push(user));
    api.start();
    const socket = FakeSocket.instances[0];
    const pending = api.call('ping');
    socket.open();
    await flush();
    expect(socket.sent.map((m) => m.op)).toEqual(['auth.resume']);
    expect(socket.sent[0].token).toBe('T');
    socket.answer(socket.sent[0], { user: { username: 'drafter', roles: [] } });
    await flush();
    await flush();
    expect(socket.sent.map((m) => m.op)).toEqual(['auth.resume', 'ping']);
    socket.answer(socket.sent[1], { pong: true });
    expect(await pending).toEqual({ pong: true });
    expect(users).toEqual([{ username: 'drafter', roles: [] }]);
    expect(api.status).toBe('online');
  });

  it('fails requests in flight when the connection drops, then reconnects and resumes', async () => {
    vi.useFakeTimers();
    storage.setItem('gongkai.token', 'T');
    const api = new Api('ws://x/ws', storage);
    const statuses = [];
    api.on('status', (s) => statuses.push(s));
    api.start();
    let socket = FakeSocket.instances[0];
    socket.open();
    await vi.advanceTimersByTimeAsync(0);
    socket.answer(socket.sent[0], { user: { username: 'drafter', roles: [] } });
    await vi.advanceTimersByTimeAsync(0);
    const inFlight = api.call('report.update', {});
    await vi.advanceTimersByTimeAsync(0);
    socket.drop();
    await expect(inFlight).rejects.toBeInstanceOf(OfflineError);
    expect(api.status).toBe('offline');
    await vi.advanceTimersByTimeAsync(300);
    expect(FakeSocket.instances).toHaveLength(2);
    socket = FakeSocket.instances[1];
    socket.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(socket.sent[0]).toMatchObject({ op: 'auth.resume', token: 'T' });
    socket.answer(socket.sent[0], { user: { username: 'drafter', roles: [] } });
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses).toEqual(['online', 'offline', 'online']);
  });

  it('reopens at once and quietly when the server closes a connection nobody logged in on', async () => {
    vi.useFakeTimers();
    const api = new Api('ws://x/ws', storage);
    const statuses = [];
    api.on('status', (s) => statuses.push(s));
    api.start();
    FakeSocket.instances[0].open();
    await vi.advanceTimersByTimeAsync(0);
    FakeSocket.instances[0].drop(1008);
    expect(FakeSocket.instances).toHaveLength(2);
    const login = api.call('auth.login', { username: 'drafter', password: 'p' });
    FakeSocket.instances[1].open();
    await vi.advanceTimersByTimeAsync(0);
    const socket = FakeSocket.instances[1];
    expect(socket.sent.map((m) => m.op)).toEqual(['auth.login']);
    socket.answer(socket.sent[0], { token: 'T', user: { username: 'drafter', roles: [] } });
    await expect(login).resolves.toMatchObject({ token: 'T' });
    expect(statuses).toEqual(['online', 'online']);
  });

  it('shows the login again when the server ended the session', async () => {
    storage.setItem('gongkai.token', 'T');
    const api = new Api('ws://x/ws', storage);
    api.start();
    const socket = FakeSocket.instances[0];
    socket.open();
    await flush();
    socket.answer(socket.sent[0], { user: { username: 'drafter', roles: [] } });
    await flush();
    const call = api.call('report.list');
    await flush();
    socket.refuse(socket.sent[1], { code: 'unauthenticated', message: '请重新登录' });
    await expect(call).rejects.toBeInstanceOf(ApiError);
    expect(api.user).toBeNull();
    expect(storage.getItem('gongkai.token')).toBeNull();
  });

  it('passes server events to their listeners', async () => {
    const api = new Api('ws://x/ws', storage);
    const seen = [];
    api.on('notification', (data) => seen.push(data.id));
    api.start();
    FakeSocket.instances[0].open();
    FakeSocket.instances[0].push('notification', { id: 7 });
    expect(seen).toEqual([7]);
  });
});
