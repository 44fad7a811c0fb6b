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
  close() {
    this.readyState = 3; // a real socket reports its close later, if at all
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

const started = [];
// A client without other tabs or network events unless the test gives them.
function newApi(storage, options = {}) {
  const api = new Api('ws://x/ws', storage, { channel: null, network: null, ...options });
  started.push(api);
  return api;
}

// BroadcastChannel between the tabs of a test: delivers to every other member, later.
class FakeChannelHub {
  constructor() {
    this.members = [];
  }
  channel() {
    const hub = this;
    const member = {
      onmessage: null,
      postMessage(data) {
        const copy = JSON.parse(JSON.stringify(data));
        for (const other of hub.members) {
          if (other !== member) setTimeout(() => other.onmessage?.({ data: copy }), 0);
        }
      },
    };
    this.members.push(member);
    return member;
  }
}

// Logs in over a fresh connection: open, answer the resume (or nothing without a token).
async function connect(api, socketIndex, user = { username: 'drafter', roles: [] }) {
  const socket = FakeSocket.instances[socketIndex];
  socket.open();
  await vi.advanceTimersByTimeAsync(0);
  const resume = socket.sent.find((m) => m.op === 'auth.resume');
  if (resume) socket.answer(resume, { user });
  await vi.advanceTimersByTimeAsync(0);
  return socket;
}

describe('Api', () => {
  let storage;
  beforeEach(() => {
    FakeSocket.instances = [];
    globalThis.WebSocket = FakeSocket;
    storage = new MemoryStorage();
  });
  afterEach(() => {
    for (const api of started.splice(0)) api.stop();
    vi.useRealTimers();
    delete globalThis.WebSocket;
  });

  it('matches replies to requests by id, in any order', async () => {
    const api = newApi(storage);
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
    const api = newApi(storage);
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
    const api = newApi(storage);
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
    const api = newApi(storage);
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
    const api = newApi(storage);
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
    const api = newApi(storage);
    const seen = [];
    api.on('notification', (data) => seen.push(data.id));
    api.start();
    FakeSocket.instances[0].open();
    FakeSocket.instances[0].push('notification', { id: 7 });
    expect(seen).toEqual([7]);
  });

  it('notices a silent connection by its heartbeat and fails what is in flight at once', async () => {
    vi.useFakeTimers();
    storage.setItem('gongkai.token', 'T');
    const api = newApi(storage);
    const statuses = [];
    api.on('status', (s) => statuses.push(s));
    api.start();
    const socket = await connect(api, 0);
    // Silence for a second: a heartbeat goes out; its answer keeps the connection.
    await vi.advanceTimersByTimeAsync(1000);
    const beat = socket.sent.find((m) => m.op === 'heartbeat');
    expect(beat).toBeDefined();
    socket.answer(beat, {});
    await vi.advanceTimersByTimeAsync(1200);
    expect(api.status).toBe('online');
    // The network goes away without closing the socket: a save waits for no 30 s timeout.
    const save = api.call('report.update', {});
    const failed = expect(save).rejects.toBeInstanceOf(OfflineError);
    await vi.advanceTimersByTimeAsync(2600);
    await failed;
    expect(api.status).toBe('offline');
    expect(statuses).toEqual(['online', 'offline']);
    // The old socket is given up; a new one is being opened.
    await vi.advanceTimersByTimeAsync(300);
    expect(FakeSocket.instances).toHaveLength(2);
    socket.push('notification', { id: 1 }); // late words of the old socket change nothing
    expect(api.status).toBe('offline');
  });

  it('goes offline on the browser\'s offline event and reconnects at once when it is back', async () => {
    vi.useFakeTimers();
    storage.setItem('gongkai.token', 'T');
    const network = new EventTarget();
    const api = newApi(storage, { network });
    api.start();
    await connect(api, 0);
    const pending = api.call('report.get', { report_id: 1 });
    const failed = expect(pending).rejects.toBeInstanceOf(OfflineError);
    await vi.advanceTimersByTimeAsync(0);
    network.dispatchEvent(new Event('offline'));
    await failed;
    expect(api.status).toBe('offline');
    // Reconnect attempts fail while the network is gone and back off.
    await vi.advanceTimersByTimeAsync(250);
    FakeSocket.instances[1].drop();
    await vi.advanceTimersByTimeAsync(10);
    expect(FakeSocket.instances).toHaveLength(2);
    network.dispatchEvent(new Event('online'));
    expect(FakeSocket.instances).toHaveLength(3); // at once, not after the back-off
    await connect(api, 2);
    expect(api.status).toBe('online');
    expect(FakeSocket.instances[2].sent[0]).toMatchObject({ op: 'auth.resume', token: 'T' });
  });

  it('lets a new tab take over the session of an open tab, and ends both on logout', async () => {
    vi.useFakeTimers();
    const hub = new FakeChannelHub();
    const first = newApi(storage, { channel: hub.channel() });
    first.start();
    const firstSocket = await connect(first, 0);
    await vi.advanceTimersByTimeAsync(300); // nobody else has a session
    const login = first.login('drafter', 'p');
    await vi.advanceTimersByTimeAsync(0);
    firstSocket.answer(firstSocket.sent.find((m) => m.op === 'auth.login'), { token: 'T', user: { username: 'drafter', roles: [] } });
    await login;

    const secondStorage = new MemoryStorage(); // a new tab has its own session storage
    const second = newApi(secondStorage, { channel: hub.channel() });
    const users = [];
    second.on('user', (user) => users.push(user?.username ?? null));
    second.start();
    const secondSocket = FakeSocket.instances[1];
    secondSocket.open();
    await vi.advanceTimersByTimeAsync(10); // asked, and answered by the first tab
    expect(secondSocket.sent.map((m) => m.op)).toEqual(['auth.resume']);
    expect(secondSocket.sent[0].token).toBe('T');
    secondSocket.answer(secondSocket.sent[0], { user: { username: 'drafter', roles: [] } });
    await vi.advanceTimersByTimeAsync(0);
    expect(secondStorage.getItem('gongkai.token')).toBe('T');
    expect(users).toEqual(['drafter']);

    // What one tab tells reaches the others, with who said it.
    const heard = [];
    second.on('tab:saved', (message) => heard.push(message));
    first.on('tab:saved', () => heard.push('self'));
    first.tell({ type: 'saved', report_id: 7, revision: 3 });
    await vi.advanceTimersByTimeAsync(0);
    expect(heard).toEqual([expect.objectContaining({ report_id: 7, revision: 3, user: 'drafter', from: first.tabId })]);

    // A tab logged in as somebody else is not part of that session.
    const otherStorage = new MemoryStorage();
    otherStorage.setItem('gongkai.token', 'R');
    const otherPerson = newApi(otherStorage, { channel: hub.channel() });
    otherPerson.start();
    await connect(otherPerson, 2, { username: 'reviewer', roles: [] });

    const logout = first.logout();
    await vi.advanceTimersByTimeAsync(0);
    firstSocket.answer(firstSocket.sent.find((m) => m.op === 'auth.logout'), {});
    await logout;
    await vi.advanceTimersByTimeAsync(0);
    expect(second.user).toBeNull();
    expect(secondStorage.getItem('gongkai.token')).toBeNull();
    expect(otherPerson.user).toEqual({ username: 'reviewer', roles: [] });
    expect(otherStorage.getItem('gongkai.token')).toBe('R');
  });

  it('shows the login form in a new tab when no tab has a session, and logs it in with another tab', async () => {
    vi.useFakeTimers();
    const hub = new FakeChannelHub();
    const waiting = newApi(new MemoryStorage(), { channel: hub.channel() });
    waiting.start();
    const socket = await connect(waiting, 0);
    expect(waiting.sessionKnown).toBe(false); // still asking the other tabs
    await vi.advanceTimersByTimeAsync(300);
    expect(waiting.sessionKnown).toBe(true);
    expect(waiting.user).toBeNull();
    expect(socket.sent).toEqual([]);

    const other = newApi(storage, { channel: hub.channel() });
    other.start();
    const otherSocket = await connect(other, 1);
    await vi.advanceTimersByTimeAsync(300);
    const login = other.login('drafter', 'p');
    await vi.advanceTimersByTimeAsync(0);
    otherSocket.answer(otherSocket.sent.find((m) => m.op === 'auth.login'), { token: 'T', user: { username: 'drafter', roles: [] } });
    await login;
    await vi.advanceTimersByTimeAsync(0);
    const resume = socket.sent.find((m) => m.op === 'auth.resume');
    expect(resume.token).toBe('T');
    socket.answer(resume, { user: { username: 'drafter', roles: [] } });
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.user).toEqual({ username: 'drafter', roles: [] });
  });
});
