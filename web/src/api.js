// The WebSocket client of the workbench: one connection to /ws, requests matched to replies
// by id (replies may arrive out of order), server events fanned out to listeners, and a
// reconnect loop that resumes the session with its token after a drop (server restart,
// network loss) so the person never has to log in again while the session is valid.
//
// A lost network does not always close an open WebSocket (the browser may keep it "open" for
// minutes), so the client listens for a heartbeat: when nothing has come from the server for
// 0.8 s it sends `heartbeat`, and when still nothing has come 1.8 s after the last word (the
// answer had at least a second) the connection counts as lost, within 2 s: requests in flight
// fail at once (OfflineError), the status turns offline and the reconnect loop starts. The browser's own offline/online events do the same
// immediately.
//
// The tabs of one browser share the session: the token stays in each tab's session storage
// (closing the browser still ends it), a new tab asks the open tabs for it over a
// BroadcastChannel, a login in one tab logs the waiting tabs in, and a logout in one ends
// the others. Tabs also tell each other what they saved (tell / 'tab:<type>' events).

const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000];
const REQUEST_TIMEOUT_MS = 30000;
export const HEARTBEAT_IDLE_MS = 800;
export const HEARTBEAT_SILENCE_MS = 1800;
const HEARTBEAT_MIN_WAIT_MS = 1000; // what an answer is given at least (throttled timers)
const HEARTBEAT_TICK_MS = 100;
// How long a new tab waits for an open tab to hand over the session before showing the login.
export const HANDOVER_WAIT_MS = 300;
const TOKEN_KEY = 'gongkai.token';
const CHANNEL_NAME = 'gongkai.session';
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

function defaultChannel() {
  return typeof globalThis.BroadcastChannel === 'function' ? new globalThis.BroadcastChannel(CHANNEL_NAME) : null;
}

function newTabId() {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
}

export class Api {
  // storage: where this tab keeps its token; channel: a BroadcastChannel to the other tabs
  // (null: none); network: what sends the browser's 'online'/'offline' events (null: none).
  constructor(url, storage = globalThis.sessionStorage, { channel = defaultChannel(), network = globalThis.window ?? null } = {}) {
    this.url = url;
    this.storage = storage;
    this.channel = channel;
    this.network = network;
    this.tabId = newTabId();
    this.handoverAsked = false;
    this.handoverWaiter = null;
    this.reconnectTimer = null;
    this.heartbeatTimer = null;
    this.lastHeard = 0;
    this.heartbeatSentAt = 0;
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
    if (this.channel) this.channel.onmessage = (message) => this.onTabMessage(message.data);
    this.network?.addEventListener?.('offline', this.onNetworkOffline);
    this.network?.addEventListener?.('online', this.onNetworkOnline);
    this.heartbeatTimer = setInterval(() => this.heartbeat(), HEARTBEAT_TICK_MS);
    this.open();
  }

  // Ends the client (tests): no reconnects, no timers, no listeners.
  stop() {
    this.closedByUs = true;
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.reconnectTimer);
    this.network?.removeEventListener?.('offline', this.onNetworkOffline);
    this.network?.removeEventListener?.('online', this.onNetworkOnline);
    if (this.channel) this.channel.onmessage = null;
    this.socket?.close();
  }

  open() {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    if (this.status !== 'connecting') {
      this.setStatus(this.reconnectAttempt === 0 ? 'connecting' : 'offline');
    }
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => this.onOpen(socket);
    socket.onmessage = (message) => this.onMessage(message.data);
    socket.onclose = (event) => this.onClose(socket, event);
  }

  // The browser says the network is gone: do not wait for the heartbeat.
  onNetworkOffline = () => {
    if (this.socket) this.lose();
  };

  // The network is back: try at once instead of at the end of the current back-off.
  onNetworkOnline = () => {
    if (!this.socket && !this.closedByUs && this.reconnectTimer) this.open();
  };

  // Sends `heartbeat` when the server has been silent for a while; drops the connection when
  // the answer (or anything else) does not come in time.
  heartbeat() {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN || this.status !== 'online') return;
    const now = Date.now();
    if (this.heartbeatSentAt) {
      if (now - this.lastHeard >= HEARTBEAT_SILENCE_MS && now - this.heartbeatSentAt >= HEARTBEAT_MIN_WAIT_MS) this.lose();
      return;
    }
    if (now - this.lastHeard < HEARTBEAT_IDLE_MS) return;
    this.heartbeatSentAt = now;
    const id = this.nextId++;
    this.pending.set(id, { resolve: () => {}, reject: () => {}, timer: null, op: 'heartbeat' });
    socket.send(JSON.stringify({ id, op: 'heartbeat' }));
  }

  // The connection is lost though the socket may still look open: fail what is in flight
  // now and reconnect; whatever the old socket does later is ignored.
  lose() {
    const socket = this.socket;
    this.onClose(socket, { code: 1006 });
    try {
      socket.close();
    } catch {
      // already closing
    }
  }

  async onOpen(socket) {
    if (socket !== this.socket) return;
    this.reconnectAttempt = 0;
    this.lastHeard = Date.now();
    this.heartbeatSentAt = 0;
    let token = this.storage?.getItem(TOKEN_KEY);
    if (!token && !this.handoverAsked) {
      this.handoverAsked = true;
      token = await this.askOtherTabs();
      if (socket !== this.socket) return;
      if (token) this.storage?.setItem(TOKEN_KEY, token);
    }
    if (token) {
      // Resume before anyone else may send: requests made meanwhile wait in whenReady().
      await this.resume(token);
      if (socket !== this.socket) return;
    } else {
      this.setUser(null);
    }
    this.setStatus('online');
    for (const resolve of this.readyWaiters.splice(0)) resolve();
  }

  onMessage(text) {
    this.lastHeard = Date.now();
    this.heartbeatSentAt = 0;
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
    if (!socket || socket !== this.socket) return;
    this.socket = null;
    this.heartbeatSentAt = 0;
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
    this.reconnectTimer = setTimeout(() => this.open(), delay);
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
    this.post({ type: 'login', token: result.token });
    return result.user;
  }

  async logout() {
    const token = this.storage?.getItem(TOKEN_KEY);
    try {
      await this.call('auth.logout');
    } finally {
      this.storage?.removeItem(TOKEN_KEY);
      this.setUser(null);
      this.post({ type: 'logout', token });
    }
  }

  // Tells the other tabs of this browser something ({type, ...}); they receive it as the
  // event 'tab:<type>' with the sender's tab id and username added.
  tell(message) {
    this.post({ ...message, user: this.user?.username ?? null });
  }

  post(message) {
    try {
      this.channel?.postMessage({ ...message, from: this.tabId });
    } catch {
      // a closed channel: the other tabs learn it from the server instead
    }
  }

  // A new tab without a token: does an open tab of this browser have a session?
  askOtherTabs() {
    if (!this.channel) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.handoverWaiter = null;
        resolve(null);
      }, HANDOVER_WAIT_MS);
      this.handoverWaiter = (token) => {
        clearTimeout(timer);
        this.handoverWaiter = null;
        resolve(token);
      };
      this.post({ type: 'ask' });
    });
  }

  onTabMessage(message) {
    if (!message || message.from === this.tabId) return;
    const token = this.storage?.getItem(TOKEN_KEY);
    switch (message.type) {
      case 'ask':
        if (this.user && token) this.post({ type: 'token', token, to: message.from });
        return;
      case 'token':
        if (message.to === this.tabId) this.handoverWaiter?.(message.token);
        return;
      case 'login':
        // Logged in elsewhere while this tab shows the login form: take the session over.
        if (!this.user && message.token) {
          this.storage?.setItem(TOKEN_KEY, message.token);
          if (this.status === 'online') this.resume(message.token);
        }
        return;
      case 'logout':
        // The tabs of that session (a tab logged in as someone else keeps its own).
        if (token && token === message.token) {
          this.storage?.removeItem(TOKEN_KEY);
          this.setUser(null);
        }
        return;
      default:
        this.emit(`tab:${message.type}`, message);
    }
  }

  async resume(token) {
    try {
      const result = await this.send('auth.resume', { token });
      this.setUser(result.user);
    } catch (error) {
      if (error instanceof ApiError) {
        this.storage?.removeItem(TOKEN_KEY);
        this.setUser(null);
      }
    }
  }
}
