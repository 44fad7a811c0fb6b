// What every browser scenario of web/e2e/ shares: a real gongkai-server on a seeded SQLite
// database and a real Redis, both started on free ports; Chromium windows, one per person;
// screenshots; and the check that no rendered screen shows a code where people read
// Chinese.
//
// A scenario file calls runScenario('name', async (story, server) => { ... }); it is run as
//   node web/e2e/<name>.mjs --bin build/bin --out build/web-screenshots
// and writes its screenshots to <out>/<name>/.
import { spawn, execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PASSWORD = 'e2e-password';
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic',
];

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : fallback;
}
const BIN = path.resolve(option('--bin', path.join(ROOT, 'build/bin')));
const OUT = path.resolve(option('--out', path.join(ROOT, 'build/web-screenshots')));
const WEB_ROOT = path.resolve(option('--web-root', path.join(ROOT, 'web/dist')));
const CONFIG = path.resolve(option('--config', path.join(ROOT, 'config/gongkai.toml')));
const STEP_TIMEOUT_MS = Number(option('--timeout', '15000'));

export function log(...args) {
  console.log(`[${new Date().toISOString().slice(11, 23)}]`, ...args);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Starts a child and resolves with {child, port} once it printed "listening on HOST:PORT".
// port 0: any free port (a restart reuses the first one, as the browser expects).
export function startServer(dir, dbPath, redisPort, port = 0) {
  const child = spawn(path.join(BIN, 'gongkai-server'), [
    '--config', CONFIG, '--listen', `127.0.0.1:${port}`, '--db', dbPath,
    '--redis', `127.0.0.1:${redisPort}`, '--web-root', WEB_ROOT,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  child.on('exit', () => appendFileSync(path.join(dir, 'server.log'), stderr));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on .*:(\d+)/);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.on('exit', (code) => reject(new Error(`gongkai-server exited with ${code}:\n${stderr}`)));
  });
}

async function startRedis(dir) {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '',
    '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'pipe' });
      return { child, port };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('redis-server did not start');
}

export function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

// The sample annual report of 水塔街 (2020), as a drafter would paste it.
export function sampleReportText() {
  return readFileSync(path.join(ROOT, 'tests/annual/data/shuita-2020-annual-report.txt'), 'utf8');
}

// Text a person reads that is a code of the system rather than the office's Chinese: dotted
// or snake_case identifiers (report.submit, doc_number, applications.new_received.total),
// template ids (gov-annual-2019), rule ids (R6), record numbers (#22), hashes, and the
// English names of roles, states and the system actor. Technical details belong inside an
// element marked data-technical (the 「技术信息」 toggle auditors open).
const CODE_PATTERNS = [
  /\b[a-z][a-z0-9]*(?:[._][a-z0-9]+)+\b/g,
  /\bgov-annual-\d{4}\b/g,
  /[（(]R\d+[）)]/g,
  /#\d+\b/g,
  /\b[0-9a-f]{16,}\b/g,
  /\b(?:drafter|reviewer|leader|auditor|admin|system|draft|secrecy_review|approved|published|retracted|Gongkai|Please fill out this field)\b/g,
];
// Text that looks like a code but is the office's own: e-mail addresses, web addresses and
// file names and @mentions the people typed or the report itself contains.
const ALLOWED_CONTEXT = /[\w.+-]*@[\w.-]+|https?:\/\/\S+|www\.[\w.-]+|\b[\w-]+\.(?:gov\.cn|com|cn|org|pdf|docx?|xlsx?)\b/g;

export function codesIn(text) {
  const cleaned = text.replace(ALLOWED_CONTEXT, ' ');
  const found = new Set();
  for (const pattern of CODE_PATTERNS) {
    for (const match of cleaned.matchAll(pattern)) found.add(match[0]);
  }
  return [...found];
}

// The visible text of a page and of its same-origin frames (previews, review records),
// without what sits inside [data-technical].
async function visibleText(page) {
  const texts = [];
  for (const frame of page.frames()) {
    const text = await frame
      .evaluate(() => {
        const hidden = document.querySelectorAll('[data-technical]');
        const saved = [...hidden].map((element) => [element, element.style.display]);
        for (const [element] of saved) element.style.display = 'none';
        const value = document.body ? document.body.innerText : '';
        for (const [element, display] of saved) element.style.display = display;
        return value;
      })
      .catch(() => '');
    texts.push(text);
  }
  return texts.join('\n');
}

export class Story {
  constructor(browser, baseUrl, out) {
    this.browser = browser;
    this.baseUrl = baseUrl;
    this.out = out;
    this.consoleErrors = [];
    this.codeFindings = [];
    this.shots = 0;
    this.pages = [];
    this.serverDown = false;
  }

  // On failure: what every window showed, to see why.
  async failureShots() {
    for (const [name, page] of this.pages) {
      await page.screenshot({ path: path.join(this.out, `failure-${name}.png`), fullPage: true }).catch(() => {});
    }
  }

  async person(name, viewport = { width: 1280, height: 800 }, { context: shared } = {}) {
    const context =
      shared ??
      (await this.browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true }));
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    const page = await context.newPage();
    this.pages.push([name, page]);
    if (process.env.E2E_DEBUG) {
      page.on('websocket', (ws) => {
        log(name, 'ws open', ws.url());
        ws.on('framesent', (f) => log(name, '>', String(f.payload).slice(0, 120)));
        ws.on('framereceived', (f) => log(name, '<', String(f.payload).slice(0, 120)));
        ws.on('close', () => log(name, 'ws close'));
      });
    }
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // While the test has stopped the server or the network on purpose, Chromium itself
      // logs each refused reconnect attempt; nothing else is forgiven.
      if (this.serverDown && /WebSocket connection to .* failed|ERR_INTERNET_DISCONNECTED/.test(message.text())) return;
      this.consoleErrors.push(`${name}: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.consoleErrors.push(`${name}: ${error.message}`));
    return page;
  }

  async login(page, username) {
    await page.goto(this.baseUrl);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('current-user').waitFor();
  }

  // A screenshot of what the person sees, and the check that none of it is a code.
  async shot(page, name) {
    this.shots += 1;
    await page.screenshot({ path: path.join(this.out, `${String(this.shots).padStart(2, '0')}-${name}.png`), fullPage: true });
    await this.checkNoCodes(page, name);
  }

  async checkNoCodes(page, where) {
    const codes = codesIn(await visibleText(page));
    if (codes.length) this.codeFindings.push(`${where}: ${codes.join('  ')}`);
  }
}

export async function expectText(locator, text) {
  await locator.filter({ hasText: text }).first().waitFor();
}

// Opens an action's dialog, answers the secrecy checklist and the opinion when asked for,
// and confirms.
export async function takeAction(page, action, { comment, checklist } = {}) {
  await page.locator(`[data-action="${action}"]`).click();
  if (checklist) {
    for (const key of ['state_secret', 'work_secret', 'personal_info', 'commercial_secret', 'security_stability']) {
      await page.getByTestId(`checklist-${key}-no`).check();
    }
  }
  if (comment) await page.getByTestId('action-comment').fill(comment);
  await page.getByTestId('confirm-action').click();
}

export async function waitForState(page, label) {
  await expectText(page.getByTestId('report-state'), label);
}

export function reportIdOf(page) {
  return Number(page.url().match(/reports\/(\d+)/)[1]);
}

// Runs one scenario against a fresh database seeded with the demo organisations and people
// (password PASSWORD), then fails on any console error or any code shown to a person.
// E2E_ALLOW_CODES=1 reports such codes without failing (while working on a screen).
export async function runScenario(name, body) {
  const out = path.join(OUT, name);
  // Only this run's screenshots in the folder, so what a person looks at is current.
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const dir = mkdtempSync(path.join(tmpdir(), `gongkai-e2e-${name}-`));
  const db = path.join(dir, 'gongkai.db');
  execFileSync(path.join(BIN, 'gongkai'), ['init', '--db', db], { stdio: 'pipe' });
  execFileSync(path.join(BIN, 'gongkai'), ['seed-demo', '--db', db, '--password', PASSWORD], { stdio: 'pipe' });
  const redis = await startRedis(dir);
  const server = { dir, db, redisPort: redis.port, ...(await startServer(dir, db, redis.port)) };
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  const story = new Story(browser, `http://127.0.0.1:${server.port}`, out);
  let failure = null;
  try {
    await body(story, server);
    if (story.consoleErrors.length) throw new Error(`console errors:\n${story.consoleErrors.join('\n')}`);
    if (story.codeFindings.length) {
      const report = `codes shown to people:\n${story.codeFindings.join('\n')}`;
      if (process.env.E2E_ALLOW_CODES) log(report);
      else throw new Error(report);
    }
  } catch (error) {
    failure = error;
    await story.failureShots();
  } finally {
    await browser.close().catch(() => {});
    await Promise.all([stop(server.child), stop(redis.child)]);
  }
  if (failure) {
    console.error(`FAILED: ${failure.stack ?? failure}`);
    console.error(`server log: ${path.join(dir, 'server.log')}; screenshots: ${out}`);
    process.exit(1);
  }
  rmSync(dir, { recursive: true, force: true });
  log(`${name} passed; ${story.shots} screenshots in ${out}`);
}
