// The WebSocket client of the workbench: one connection to /ws, requests matched to replies
// by id (replies may arrive out of order), server events fanned out to listeners, and a
// reconnect loop that resumes the session with its token after a drop (server restart,
// network loss) so the person never has to log in again while the session is valid.

const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000];
const REQUEST_TIMEOUT_MS = 30000;
const TOKEN_KEY = 'gongkai.token';
// The close code of a connection the server ended for its own rules (no login in time).
const POLICY_CLOSE = 1008;

export class ApiError extends Error {
  constructor(error) {
    super(error.message || error.code);
    this.code = error.code;
    this.details = error;
  }
}

// A network failure (the connection dropped before the answer came): the request may or may
// not have been applied; callers that change things re-read before retrying.
export class OfflineError extends Error {
  constructor() {
    super('与服务器的连接已断开');
    this.code = 'offline';
  }
}

export function websocketUrl(location) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

export class Api {
  constructor(url, storage = globalThis.sessionStorage) {
    this.url = url;
    this.storage = storage;
    this.socket = null;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Map();
    this.status = 'connecting'; // connecting | online | offline
    this.user = null;
    this.sessionKnown = false;
    this.reconnectAttempt = 0;
    this.closedByUs = false;
    this.readyWaiters = [];
  }

  // Listeners: on('status', fn(status)), on('user', fn(user|null)), on(eventName, fn(data)).
  on(name, listener) {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name).add(listener);
    return () => this.listeners.get(name).delete(listener);
  }

  emit(name, value) {
    for (const listener of this.listeners.get(name) ?? []) listener(value);
  }

  start() {
    this.closedByUs = false;
    this.open();
  }

  open() {
    if (this.status !== 'connecting') {
      this.setStatus(this.reconnectAttempt === 0 ? 'connecting' : 'offline');
    }
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => this.onOpen(socket);
    socket.onmessage = (message) => this.onMessage(message.data);
    socket.onclose = (event) => this.onClose(socket, event);
  }

  async onOpen(socket) {
    if (socket !== this.socket) return;
    this.reconnectAttempt = 0;
    const token = this.storage?.getItem(TOKEN_KEY);
    if (token) {
      // Resume before anyone else may send: requests made meanwhile wait in whenReady().
      try {
        const result = await this.send('auth.resume', { token });
        this.setUser(result.user);
      } catch (error) {
        if (error instanceof ApiError) {
          this.storage.removeItem(TOKEN_KEY);
          this.setUser(null);
        }
      }
    } else {
      this.setUser(null);
    }
    this.setStatus('online');
    for (const resolve of this.readyWaiters.splice(0)) resolve();
  }

  onMessage(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.event) {
      this.emit(message.event, message.data);
      return;
    }
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    clearTimeout(waiter.timer);
    if (message.ok) waiter.resolve(message.result);
    else this.fail(waiter, new ApiError(message.error ?? { code: 'internal' }));
  }

  // A session that ended on the server (idle or absolute timeout, logout elsewhere) shows
  // the login form again; unsaved edits are kept by the pages (local storage).
  fail(waiter, error) {
    if (error.code === 'unauthenticated' && !waiter.op.startsWith('auth.') && this.user) {
      this.storage?.removeItem(TOKEN_KEY);
      this.setUser(null);
    }
    waiter.reject(error);
  }

  onClose(socket, event) {
    if (socket !== this.socket) return;
    this.socket = null;
    for (const waiter of this.pending.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new OfflineError());
    }
    this.pending.clear();
    if (this.closedByUs) return;
    if (event?.code === POLICY_CLOSE && !this.user) {
      // The server closes a connection nobody has logged in on after a while; at the login
      // form that is no network problem: open a new one at once, without a banner (calls
      // made meanwhile wait for it).
      this.status = 'connecting';
      this.open();
      return;
    }
    this.setStatus('offline');
    const delay = RECONNECT_DELAYS_MS[Math.min(this.reconnectAttempt, RECONNECT_DELAYS_MS.length - 1)];
    this.reconnectAttempt += 1;
    setTimeout(() => this.open(), delay);
  }

  setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.emit('status', status);
  }

  setUser(user) {
    this.user = user;
    this.sessionKnown = true; // the first resume (or the lack of a token) has been settled
    this.emit('user', user);
  }

  whenReady() {
    if (this.status === 'online') return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  // Sends one request on the open socket; rejects with ApiError (the server's answer) or
  // OfflineError (no connection, or it dropped before the answer).
  send(op, params = {}) {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return Promise.reject(new OfflineError());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new OfflineError());
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer, op });
      socket.send(JSON.stringify({ ...params, id, op }));
    });
  }

  // What pages use: waits for the connection (and the session resume) first.
  async call(op, params = {}) {
    await this.whenReady();
    return this.send(op, params);
  }

  async login(username, password) {
    const result = await this.call('auth.login', { username, password });
    this.storage?.setItem(TOKEN_KEY, result.token);
    this.setUser(result.user);
    return result.user;
  }

  async logout() {
    try {
      await this.call('auth.logout');
    } finally {
      this.storage?.removeItem(TOKEN_KEY);
      this.setUser(null);
    }
  }
}
