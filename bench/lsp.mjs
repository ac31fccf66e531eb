#!/usr/bin/env node
// Zonelint LSP latency benchmark: a scripted LSP client drives the bundled
// language server over stdio, as an editor would, on generated zones.
//
//   node bench/lsp.mjs [--sizes 1000,100000] [--edits 50] [--hovers 50]
//                      [--interval 300] [--bursts 3] [--key-interval 20-70]
//                      [--seed 1] [--timeout SECONDS] [--json FILE]
//                      [--server PATH] [--debounce MS] [--cpu-prof DIR]
//   (bench/run.mjs runs it after the CLI benchmark; `npm run bench` builds first)
//
// For each size the client starts `node bin/zonelint-language-server.js
// --stdio`, opens bench/zones/bench-N.zone and measures:
//   open         didOpen -> publishDiagnostics of version 1 (no debounce on open)
//   diagnostics  each of --edits incremental didChange notifications (change a
//                TTL, change an address, add a TXT record, at random lines)
//                -> the publishDiagnostics carrying that version. The next edit
//                goes out --interval ms after the previous one, and never
//                before its diagnostics arrived: each comes after a pause,
//                which the server lints at once (its debounce holds back only
//                changes that follow the previous one within it).
//   hover        --hovers textDocument/hover requests at random tokens of
//                random records (round trip), on the settled document.
//   burst        --bursts runs of fast typing: a new line, then a TXT record
//                typed one character per didChange, --key-interval ms apart
//                (below the debounce). Counts the versions published and any
//                publication of a version older than the newest one sent
//                before it arrived (stale), and times the last keystroke ->
//                publication of the final version.
// Percentiles are nearest-rank. Results are printed as tables and merged into
// bench/results/latest.json under "lsp" (per size; other keys are kept).
// This is a measurement, not a test: the targets are shown beside the
// figures, and nothing passes or fails on them.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, SourceMap } from 'node:module';
import os from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureZones, parseSizes } from './generate.mjs';
import { prng } from './random.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const require = createRequire(import.meta.url);

export const DEFAULT_LSP_SIZES = [1_000, 100_000];
/** Server-side debounce on didChange when server/src/server.ts cannot be read. */
const FALLBACK_DEBOUNCE_MS = 150;
/**
 * Targets, shown beside the figures: diagnostics targets apply to the p95 of
 * didChange -> publishDiagnostics, debounce included; hover targets to the p95
 * round trip.
 */
const TARGETS = {
  diagnosticsP95Ms: { 1000: 20, 100000: 200 },
  hoverP95Ms: 10,
};

function usage() {
  return [
    'usage: node bench/lsp.mjs [--sizes 1000,100000] [--edits 50] [--hovers 50] [--interval 300]',
    '                          [--bursts 3] [--key-interval 20-70] [--seed 1] [--timeout SECONDS]',
    '                          [--json FILE] [--server PATH] [--debounce MS] [--cpu-prof DIR]',
    '  --sizes         zone sizes in records (k/M suffixes allowed; default 1k,100k)',
    '  --edits         incremental edits timed per size (default 50)',
    '  --hovers        hover requests timed per size (default 50)',
    '  --interval      ms from one edit to the next, at least (default 300)',
    '  --bursts        fast-typing bursts per size (default 3; 0 skips them)',
    '  --key-interval  ms between keystrokes in a burst, MIN-MAX or one value (default 20-70)',
    '  --seed          seed for the edit, hover and keystroke choices (default 1)',
    '  --timeout       seconds to wait for one publication or response (default 60)',
    '  --json          results file to merge into (default bench/results/latest.json; "-" for none)',
    '  --server        language server entry point run with node (default bin/zonelint-language-server.js)',
    '  --debounce      the server\'s didChange debounce in ms (default: read from server/src/server.ts, else 150)',
    '  --cpu-prof DIR  run the server with --cpu-prof, write the profiles to DIR and print where the time went',
  ].join('\n');
}

export function parseArgs(argv) {
  const opts = {
    sizes: DEFAULT_LSP_SIZES,
    edits: 50,
    hovers: 50,
    interval: 300,
    bursts: 3,
    keyInterval: [20, 70],
    seed: 1,
    timeout: 60,
    json: join(HERE, 'results', 'latest.json'),
    server: join(ROOT, 'bin', 'zonelint-language-server.js'),
    debounce: undefined,
    cpuProf: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? a.split(/=(.*)/s, 2) : [a, undefined];
    const val = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    const int = (s, min) => {
      const n = Number(s);
      if (!Number.isInteger(n) || n < min) throw new Error(`${flag} wants an integer >= ${min}, got ${s}`);
      return n;
    };
    if (flag === '--sizes') opts.sizes = parseSizes(val());
    else if (flag === '--edits') opts.edits = int(val(), 1);
    else if (flag === '--hovers') opts.hovers = int(val(), 1);
    else if (flag === '--interval') opts.interval = int(val(), 0);
    else if (flag === '--bursts') opts.bursts = int(val(), 0);
    else if (flag === '--key-interval') {
      const m = /^(\d+)(?:-(\d+))?$/.exec(val());
      if (!m || (m[2] !== undefined && Number(m[2]) < Number(m[1]))) throw new Error(`${flag} wants MIN-MAX or one number of ms`);
      opts.keyInterval = [Number(m[1]), Number(m[2] ?? m[1])];
    } else if (flag === '--seed') opts.seed = int(val(), 0);
    else if (flag === '--timeout') opts.timeout = int(val(), 1);
    else if (flag === '--json') {
      const v = val();
      opts.json = v === '-' ? null : resolve(v);
    }
    else if (flag === '--server') opts.server = resolve(val());
    else if (flag === '--debounce') opts.debounce = int(val(), 0);
    else if (flag === '--cpu-prof') opts.cpuProf = resolve(val());
    else if (flag === '-h' || flag === '--help') opts.help = true;
    else throw new Error(`unknown argument: ${a}`);
  }
  return opts;
}

/** A path as shown to people: relative inside the repository, else absolute. */
const show = (p) => (p.startsWith(ROOT + '/') ? relative(ROOT, p) : p);

/**
 * The server's debounce for a document of `bytes` characters, from the constants in its source:
 * the wait grows with the document's size between MIN_DEBOUNCE_MS and DEBOUNCE_MS.
 */
function serverDebounce() {
  const src = join(ROOT, 'server', 'src', 'server.ts');
  try {
    const text = readFileSync(src, 'utf8');
    const constant = (name) => Number(new RegExp(`\\b${name}\\s*=\\s*([\\d_]+)\\b`).exec(text)?.[1]?.replace(/_/g, '') ?? NaN);
    const max = constant('DEBOUNCE_MS');
    const min = constant('MIN_DEBOUNCE_MS');
    const perMs = constant('DEBOUNCE_BYTES_PER_MS');
    if (Number.isFinite(max) && Number.isFinite(min) && Number.isFinite(perMs)) {
      return { for: (bytes) => Math.min(max, Math.max(min, Math.round(bytes / perMs))), from: `${show(src)} (${min}-${max} ms, 1 ms per ${perMs} characters)` };
    }
    if (Number.isFinite(max)) return { for: () => max, from: `${show(src)} (DEBOUNCE_MS)` };
  } catch {
    // fall through
  }
  return { for: () => FALLBACK_DEBOUNCE_MS, from: 'default' };
}

const round = (x, digits = 2) => (x == null ? null : Number(x.toFixed(digits)));

/** Nearest-rank percentile of the numbers in xs (0 < p <= 1). */
function percentile(xs, p) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length, Math.max(1, Math.ceil(p * s.length))) - 1];
}

function stats(xs) {
  return {
    n: xs.length,
    p50: round(percentile(xs, 0.5)),
    p95: round(percentile(xs, 0.95)),
    max: xs.length ? round(Math.max(...xs)) : null,
    mean: xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length) : null,
  };
}

function fmtSize(n) {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}k`;
  return String(n);
}

function table(rows, header, leftCols = 1) {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => String(r[c]).length)));
  const line = (r) => r.map((cell, c) => (c < leftCols ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------
// The client's copy of the document: lines, and for each line whether it
// starts a record (depth 0 outside parentheses), continues one, or is other.

const KIND = { other: 0, record: 1, continued: 2, opens: 3, typed: 4 };

/** Strips a comment and quoted strings; returns the net parenthesis change. */
function parenDelta(line) {
  let d = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ';') break;
    else if (c === '(') d++;
    else if (c === ')') d--;
  }
  return d;
}

class ZoneDoc {
  constructor(text) {
    this.lines = text.split('\n');
    this.kinds = new Uint8Array(this.lines.length);
    let depth = 0;
    for (let i = 0; i < this.lines.length; i++) {
      const line = this.lines[i];
      const d = parenDelta(line);
      if (depth > 0) this.kinds[i] = KIND.continued;
      else if (/^\s*(;|$)/.test(line) || line.startsWith('$')) this.kinds[i] = KIND.other;
      else this.kinds[i] = d > 0 ? KIND.opens : KIND.record;
      depth = Math.max(0, depth + d);
    }
    this.kinds = Array.from(this.kinds);
  }

  /** Applies one LSP content change (ASCII text, so UTF-16 = string index). */
  apply({ range: { start, end }, text }, newKind = KIND.record) {
    const head = this.lines[start.line].slice(0, start.character);
    const tail = this.lines[end.line].slice(end.character);
    const replaced = (head + text + tail).split('\n');
    const firstKind = this.kinds[start.line];
    const kinds = replaced.map((_, i) => (i === replaced.length - 1 && replaced.length > 1 ? this.kinds[end.line] : i === 0 && replaced.length === 1 ? firstKind : newKind));
    this.lines.splice(start.line, end.line - start.line + 1, ...replaced);
    this.kinds.splice(start.line, end.line - start.line + 1, ...kinds);
  }

  /** A random line index whose line satisfies pred (rejection sampling, then a scan). */
  pick(rand, pred) {
    const n = this.lines.length;
    for (let k = 0; k < 20_000; k++) {
      const i = Math.floor(rand() * n);
      if (pred(this.lines[i], this.kinds[i])) return i;
    }
    const start = Math.floor(rand() * n);
    for (let k = 0; k < n; k++) {
      const i = (start + k) % n;
      if (pred(this.lines[i], this.kinds[i])) return i;
    }
    return -1;
  }
}

const TTL_RE = /^(\S*\s+)(\d+)(?=\s)/;
const A_RE = /\sA\s+(\d+\.\d+\.\d+\.)(\d+)\s*$/;
const TTLS = [60, 300, 600, 3600, 7200, 86400];

/** One realistic edit of the document: { kind, change } (not yet applied). */
function makeEdit(doc, rand, k) {
  const which = ['ttl', 'address', 'txt'][Math.floor(rand() * 3)];
  if (which === 'ttl') {
    let i = doc.pick(rand, (l, kind) => kind === KIND.record && TTL_RE.test(l));
    if (i >= 0) {
      const m = TTL_RE.exec(doc.lines[i]);
      const choices = TTLS.filter((t) => String(t) !== m[2]);
      const ttl = String(choices[Math.floor(rand() * choices.length)]);
      const c = m[1].length;
      return { kind: 'ttl', change: { range: { start: { line: i, character: c }, end: { line: i, character: c + m[2].length } }, text: ttl } };
    }
    // No record with its own TTL: give one a TTL.
    i = doc.pick(rand, (l, kind) => kind === KIND.record);
    const c = /^\S*\s+/.exec(doc.lines[i])[0].length;
    return { kind: 'ttl', change: { range: { start: { line: i, character: c }, end: { line: i, character: c } }, text: `${TTLS[Math.floor(rand() * TTLS.length)]} ` } };
  }
  const withA = which === 'address' ? doc.pick(rand, (l, kind) => kind === KIND.record && A_RE.test(l)) : -1;
  if (withA >= 0) {
    const i = withA;
    const line = doc.lines[i];
    const m = A_RE.exec(line);
    const c = line.lastIndexOf(m[1] + m[2]) + m[1].length;
    let octet = String(1 + Math.floor(rand() * 254));
    if (octet === m[2]) octet = String((Number(octet) % 254) + 1);
    return { kind: 'address', change: { range: { start: { line: i, character: c }, end: { line: i, character: c + m[2].length } }, text: octet } };
  }
  // A new TXT record on its own line, before a record that names its owner
  // (so no record below changes owner).
  const i = doc.pick(rand, (l, kind) => kind === KIND.record && /^[^\s;$]/.test(l));
  const owner = `edit-${k}`;
  return {
    kind: 'txt',
    change: { range: { start: { line: i, character: 0 }, end: { line: i, character: 0 } }, text: `${owner.padEnd(28)}IN TXT   "zonelint bench edit ${k}"\n` },
  };
}

/** Positions of the tokens of a record line, before any comment. */
function tokens(line) {
  const out = [];
  const re = /"(?:[^"\\]|\\.)*"|[^\s;"]+|;/g;
  for (let m; (m = re.exec(line)); ) {
    if (m[0] === ';') break;
    out.push({ start: m.index, length: m[0].length });
  }
  return out;
}

// ---------------------------------------------------------------------------
// The LSP session.

/** A delay that does not keep the process alive. */
const unrefDelay = (ms) => sleep(ms, undefined, { ref: false });

class Session {
  constructor(opts, profileDir) {
    const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');
    const nodeArgs = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
    this.child = spawn(process.execPath, [...nodeArgs, opts.server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.child.stderr.on('data', (b) => {
      if (this.stderr.length < 20_000) this.stderr += b.toString('utf8');
    });
    this.exited = new Promise((r) => this.child.once('exit', (code, signal) => r({ code, signal })));
    this.exitInfo = null;
    this.exited.then((x) => (this.exitInfo = x));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.timeoutMs = opts.timeout * 1000;
    /** Every publication for the benchmark document: { version, t, count }. */
    this.publications = [];
    this.waiters = new Map();
    this.logMessages = [];
    this.connection.onNotification('textDocument/publishDiagnostics', (p) => {
      const t = performance.now();
      if (p.uri !== this.uri) return;
      const pub = { version: p.version ?? null, t, count: p.diagnostics.length };
      this.publications.push(pub);
      const w = this.waiters.get(pub.version);
      if (w) {
        this.waiters.delete(pub.version);
        w(pub);
      }
    });
    this.connection.onNotification('window/logMessage', (p) => this.logMessages.length < 20 && this.logMessages.push(p.message));
    this.connection.onNotification('window/showMessage', (p) => this.logMessages.length < 20 && this.logMessages.push(p.message));
    this.connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onError(() => {});
    this.connection.listen();
  }

  died() {
    return this.exitInfo ? `server exited (${this.exitInfo.signal ?? `status ${this.exitInfo.code}`})${this.stderr ? `: ${this.stderr.trim().split('\n').slice(-5).join(' | ')}` : ''}` : null;
  }

  /** Resolves with the publication of `version`, or null after the timeout. */
  publication(version) {
    const seen = this.publications.find((p) => p.version === version);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(version);
        resolve(null);
      }, this.timeoutMs);
      this.exited.then(() => {
        clearTimeout(timer);
        resolve(null);
      });
      this.waiters.set(version, (pub) => {
        clearTimeout(timer);
        resolve(pub);
      });
    });
  }

  async request(method, params) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${method}: no response within ${this.timeoutMs / 1000} s`)), this.timeoutMs);
    });
    const died = this.exited.then(() => {
      throw new Error(`${method}: ${this.died()}`);
    });
    died.catch(() => {});
    try {
      return await Promise.race([this.connection.sendRequest(method, params), timeout, died]);
    } finally {
      clearTimeout(timer);
    }
  }

  notify(method, params) {
    const t = performance.now();
    this.connection.sendNotification(method, params);
    return t;
  }

  /** Peak and current resident set size of the server, from /proc (Linux). */
  memory() {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
      return { peakMiB: round(kib('VmHWM') / 1024, 1), rssMiB: round(kib('VmRSS') / 1024, 1) };
    } catch {
      return { peakMiB: null, rssMiB: null };
    }
  }

  async close() {
    if (!this.exitInfo) {
      try {
        await Promise.race([this.connection.sendRequest('shutdown'), unrefDelay(10_000)]);
        this.connection.sendNotification('exit');
      } catch {
        // the server is gone already
      }
      const gone = await Promise.race([this.exited, unrefDelay(10_000).then(() => null)]);
      if (!gone) {
        this.child.kill();
        await this.exited;
      }
    }
    this.connection.dispose();
  }
}

/** Runs the whole scenario on one zone; returns the result entry for the JSON. */
async function measureSize(size, zone, opts, debounceMs) {
  const rand = prng(opts.seed * 7919 + size);
  const text = readFileSync(zone, 'utf8');
  const doc = new ZoneDoc(text);
  const profileDir = opts.cpuProf ? join(opts.cpuProf, `lsp-${size}`) : null;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const s = new Session(opts, profileDir);
  s.uri = pathToFileURL(zone).href;
  const entry = {
    size,
    bytes: Buffer.byteLength(text),
    lines: doc.lines.length,
    date: new Date().toISOString(),
    startupMs: null,
    open: null,
    diagnostics: null,
    diagnosticsMinusDebounce: null,
    hover: null,
    burst: null,
    edits: {},
    server: null,
    error: null,
    loadAverage: { start: round(os.loadavg()[0]), end: null },
    notes: [],
  };
  let version = 1;
  try {
    const t0 = performance.now();
    await s.request('initialize', { processId: process.pid, rootUri: null, capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } }, workspaceFolders: null });
    s.notify('initialized', {});
    entry.startupMs = round(performance.now() - t0);

    // Open: no debounce, one full parse and lint.
    const tOpen = s.notify('textDocument/didOpen', { textDocument: { uri: s.uri, languageId: 'dns-zone', version, text } });
    const opened = await s.publication(version);
    if (!opened) throw new Error(`no diagnostics for the opened document within ${opts.timeout} s${s.died() ? `; ${s.died()}` : ''}`);
    entry.open = { ms: round(opened.t - tOpen), diagnostics: opened.count };
    console.log(`  open: ${entry.open.ms.toFixed(1)} ms to the first diagnostics (${opened.count}), server start ${entry.startupMs.toFixed(1)} ms`);

    // Spaced edits: one publication per edit.
    const latencies = [];
    const perKind = { ttl: [], address: [], txt: [] };
    let missing = 0;
    let extra = 0;
    for (let k = 1; k <= opts.edits; k++) {
      const { kind, change } = makeEdit(doc, rand, k);
      doc.apply(change);
      version++;
      const before = s.publications.length;
      const t = s.notify('textDocument/didChange', { textDocument: { uri: s.uri, version }, contentChanges: [change] });
      const pub = await s.publication(version);
      if (!pub) {
        missing++;
        if (s.died()) throw new Error(s.died());
        continue;
      }
      extra += s.publications.length - before - 1;
      latencies.push(pub.t - t);
      perKind[kind].push(pub.t - t);
      const wait = t + opts.interval - performance.now();
      if (wait > 0) await sleep(wait);
    }
    entry.diagnostics = stats(latencies);
    // The server lints a change that comes after a pause at once; its debounce holds back only
    // changes that follow the previous one within it (typing). Edits this far apart wait for none.
    const editWait = opts.interval >= debounceMs ? 0 : debounceMs;
    entry.editWaitMs = editWait;
    entry.diagnosticsMinusDebounce = stats(latencies.map((x) => x - editWait));
    entry.diagnostics.samplesMs = latencies.map((x) => round(x, 1));
    entry.edits = Object.fromEntries(Object.entries(perKind).map(([kind, xs]) => [kind, { n: xs.length, p50: round(percentile(xs, 0.5)) }]));
    if (missing) entry.notes.push(`${missing} of ${opts.edits} edits got no diagnostics within ${opts.timeout} s`);
    if (extra > 0) entry.notes.push(`${extra} publications besides the one per edit`);
    console.log(
      `  diagnostics after ${latencies.length} edits: p50 ${entry.diagnostics.p50} ms, p95 ${entry.diagnostics.p95} ms, max ${entry.diagnostics.max} ms` +
        ` (${editWait} ms debounce included; by edit: ${Object.entries(entry.edits).map(([x, v]) => `${x} ${v.n} p50 ${v.p50}`).join(', ')})`,
    );

    // Hovers on the settled document (its parse is cached by then).
    const hoverTimes = [];
    let empty = 0;
    for (let k = 0; k < opts.hovers; k++) {
      const line = doc.pick(rand, (l, kind) => kind === KIND.record || kind === KIND.opens);
      const toks = tokens(doc.lines[line]);
      const tok = toks[Math.floor(rand() * toks.length)];
      const position = { line, character: tok.start + Math.floor(tok.length / 2) };
      const t = performance.now();
      const res = await s.request('textDocument/hover', { textDocument: { uri: s.uri }, position });
      hoverTimes.push(performance.now() - t);
      if (!res) empty++;
      await sleep(10);
    }
    entry.hover = { ...stats(hoverTimes), empty, samplesMs: hoverTimes.map((x) => round(x, 2)) };
    console.log(`  hover x${hoverTimes.length}: p50 ${entry.hover.p50} ms, p95 ${entry.hover.p95} ms, max ${entry.hover.max} ms (${empty} empty)`);

    // Bursts of fast typing: only the final version should be published.
    if (opts.bursts > 0) {
      const bursts = [];
      for (let b = 1; b <= opts.bursts; b++) {
        const line = doc.pick(rand, (l, kind) => kind === KIND.record && /^[^\s;$]/.test(l));
        const typed = `burst-${b}  IN TXT "v=spf1 ip4:198.18.${b}.0/24 -all"`;
        const sent = []; // [version, time]
        const firstVersion = version + 1;
        const pubsBefore = s.publications.length;
        const keystroke = (change) => {
          doc.apply(change, KIND.typed);
          version++;
          sent.push([version, s.notify('textDocument/didChange', { textDocument: { uri: s.uri, version }, contentChanges: [change] })]);
        };
        keystroke({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '\n' });
        for (let c = 0; c < typed.length; c++) {
          const [lo, hi] = opts.keyInterval;
          await sleep(lo + Math.floor(rand() * (hi - lo + 1)));
          keystroke({ range: { start: { line, character: c }, end: { line, character: c } }, text: typed[c] });
        }
        const lastVersion = version;
        const tLast = sent.at(-1)[1];
        const final = await s.publication(lastVersion);
        // Anything late would show within another debounce and then some.
        await sleep(debounceMs + 200);
        const pubs = s.publications.slice(pubsBefore).filter((p) => p.version >= firstVersion && p.version <= lastVersion);
        const newestSentAt = (t) => {
          let v = firstVersion - 1;
          for (const [sv, st] of sent) if (st <= t) v = sv;
          return v;
        };
        // A keystroke that came a debounce or more after the previous one
        // (the client was late under load) lets the server publish the
        // version before it: that is the debounce working, not a stale result.
        const sendTime = new Map(sent);
        const gapAfter = (v) => (sendTime.has(v + 1) ? sendTime.get(v + 1) - sendTime.get(v) : Infinity);
        const gaps = sent.slice(1).map(([, t], i) => t - sent[i][1]);
        const late = pubs.filter((p) => p.version < newestSentAt(p.t));
        const stale = late.filter((p) => gapAfter(p.version) < debounceMs);
        const afterPause = late.length - stale.length;
        let outOfOrder = 0;
        for (let i = 1; i < pubs.length; i++) if (pubs[i].version < pubs[i - 1].version) outOfOrder++;
        bursts.push({
          keystrokes: sent.length,
          durationMs: round(tLast - sent[0][1]),
          published: pubs.map((p) => p.version - firstVersion + 1),
          stale: stale.length,
          afterPause,
          maxGapMs: round(Math.max(...gaps)),
          outOfOrder,
          finalPublished: Boolean(final),
          finalMs: final ? round(final.t - tLast) : null,
        });
        if (!final && s.died()) throw new Error(s.died());
      }
      const finals = bursts.filter((x) => x.finalMs != null).map((x) => x.finalMs);
      entry.burst = {
        bursts: bursts.length,
        keyIntervalMs: opts.keyInterval,
        keystrokes: bursts.reduce((a, x) => a + x.keystrokes, 0),
        publications: bursts.reduce((a, x) => a + x.published.length, 0),
        stale: bursts.reduce((a, x) => a + x.stale, 0),
        afterPause: bursts.reduce((a, x) => a + x.afterPause, 0),
        maxGapMs: round(Math.max(...bursts.map((x) => x.maxGapMs))),
        outOfOrder: bursts.reduce((a, x) => a + x.outOfOrder, 0),
        finalPublished: bursts.filter((x) => x.finalPublished).length,
        finalMs: stats(finals),
        detail: bursts,
      };
      console.log(
        `  bursts x${bursts.length}: ${entry.burst.keystrokes} keystrokes ${opts.keyInterval.join('-')} ms apart, ${entry.burst.publications} publications, ` +
          `${entry.burst.stale} stale, ${entry.burst.afterPause} after a pause >= debounce (longest gap ${entry.burst.maxGapMs} ms), ${entry.burst.outOfOrder} out of order, final version published in ${entry.burst.finalPublished}/${bursts.length}` +
          (finals.length ? ` (last keystroke -> final diagnostics p50 ${entry.burst.finalMs.p50} ms, max ${entry.burst.finalMs.max} ms)` : ''),
      );
    }
    entry.server = s.memory();
    entry.loadAverage.end = round(os.loadavg()[0]);
  } catch (e) {
    entry.error = e.message;
    console.log(`  FAILED: ${e.message}`);
  } finally {
    await s.close();
  }
  if (s.logMessages.length) entry.notes.push(`server messages: ${s.logMessages.slice(0, 3).join(' | ').slice(0, 300)}`);
  if (profileDir) {
    const prof = newestProfile(profileDir);
    if (prof) {
      entry.cpuProfile = show(prof);
      console.log(`\n  CPU profile of the server at ${fmtSize(size)}: ${show(prof)}`);
      console.log(profileSummary(prof, opts.server));
    } else console.log(`  (no CPU profile written in ${show(profileDir)})`);
  }
  return entry;
}

// ---------------------------------------------------------------------------
// CPU profile summary: self and total time per function, mapped to the
// TypeScript sources through the bundle's source map when there is one.

function newestProfile(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
  files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0] ?? null;
}

function bundleSourceMaps() {
  const maps = new Map();
  return (url) => {
    if (!url.startsWith('file://') || !url.endsWith('.js')) return null;
    if (maps.has(url)) return maps.get(url);
    let map = null;
    try {
      const path = fileURLToPath(url);
      if (existsSync(path + '.map')) map = { map: new SourceMap(JSON.parse(readFileSync(path + '.map', 'utf8'))), dir: dirname(path) };
    } catch {
      map = null;
    }
    maps.set(url, map);
    return map;
  };
}

function profileSummary(file, serverPath) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Self time from the sample deltas.
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  }
  const mapFor = bundleSourceMaps();
  const label = (cf) => {
    const name = cf.functionName || '(anonymous)';
    if (!cf.url) return name;
    const sm = mapFor(cf.url);
    if (sm) {
      const e = sm.map.findEntry(cf.lineNumber, cf.columnNumber);
      if (e?.originalSource) {
        const src = e.originalSource.startsWith('file://') ? fileURLToPath(e.originalSource) : resolve(sm.dir, e.originalSource);
        return `${name}  ${show(src).replace(/^node_modules\//, '')}:${e.originalLine + 1}`;
      }
    }
    const path = cf.url.startsWith('file://') ? fileURLToPath(cf.url) : cf.url;
    return `${name}  ${path.startsWith(ROOT) ? show(path) : basename(path)}:${cf.lineNumber + 1}`;
  };
  const keyOf = new Map(profile.nodes.map((n) => [n.id, label(n.callFrame)]));
  const ignored = new Set(['(idle)', '(program)', '(root)']);
  let busy = 0;
  let idle = 0;
  const selfBy = new Map();
  for (const [id, ms] of self) {
    const k = keyOf.get(id);
    if (k === '(idle)') idle += ms;
    else if (!ignored.has(k)) busy += ms;
    if (!ignored.has(k)) selfBy.set(k, (selfBy.get(k) ?? 0) + ms);
  }
  // Total time: a function's time counts once even when it recurses.
  const totalBy = new Map();
  const walk = (id, active) => {
    const n = byId.get(id);
    const k = keyOf.get(id);
    let total = self.get(id) ?? 0;
    const first = !active.has(k);
    if (first) active.add(k);
    for (const c of n.children ?? []) total += walk(c, active);
    if (first) {
      active.delete(k);
      if (!ignored.has(k)) totalBy.set(k, (totalBy.get(k) ?? 0) + total);
    }
    return total;
  };
  walk(profile.nodes[0].id, new Set());
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  const pct = (ms) => `${((100 * ms) / busy).toFixed(1)}%`;
  const out = [`  busy ${(busy / 1000).toFixed(2)} s of ${((busy + idle) / 1000).toFixed(2)} s profiled (idle ${(idle / 1000).toFixed(2)} s); server ${show(serverPath)}`];
  out.push('\n  self time', ...top(selfBy, 15).map(([k, ms]) => `    ${ms.toFixed(0).padStart(7)} ms ${pct(ms).padStart(6)}  ${k}`));
  out.push(
    '\n  total time (with callees)',
    ...top(totalBy, 25)
      .filter(([k]) => !k.startsWith('(garbage'))
      .map(([k, ms]) => `    ${ms.toFixed(0).padStart(7)} ms ${pct(ms).padStart(6)}  ${k}`),
  );
  return out.join('\n');
}

// ---------------------------------------------------------------------------

function targetFor(size) {
  return TARGETS.diagnosticsP95Ms[size] ?? null;
}

const cell = (x) => (x == null ? '-' : x.toFixed(1));
const versus = (x, target) => (x == null || target == null ? '-' : `${target} (${x <= target ? 'within' : 'over'})`);

function printTables(results) {
  const ok = results.filter((r) => r.diagnostics);
  if (ok.length === 0) return;
  console.log(`\nDiagnostics latency: didChange -> publishDiagnostics of that version, ms (nearest-rank percentiles).`);
  console.log(
    `The server's debounce (${ok.map((r) => `${fmtSize(r.size)} ${r.debounceMs} ms`).join(', ')}) holds back only a change that follows the previous one within it; ` +
      `edits ${ok[0].editWaitMs === 0 ? 'after a pause wait for none' : 'this close wait for it'} (p50/p95/max include any wait, "-deb" columns subtract it). Targets apply to p95 with any wait.\n`,
  );
  console.log(
    table(
      ok.map((r) => [
        fmtSize(r.size),
        cell(r.open?.ms),
        r.diagnostics.n,
        cell(r.diagnostics.p50),
        cell(r.diagnostics.p95),
        cell(r.diagnostics.max),
        cell(r.diagnosticsMinusDebounce.p50),
        cell(r.diagnosticsMinusDebounce.p95),
        cell(r.diagnosticsMinusDebounce.max),
        versus(r.diagnostics.p95, targetFor(r.size)),
      ]),
      ['size', 'open', 'edits', 'p50', 'p95', 'max', 'p50-deb', 'p95-deb', 'max-deb', 'target p95'],
    ),
  );
  console.log(`\nHover round trip, ms; target p95 <= ${TARGETS.hoverP95Ms} ms.\n`);
  console.log(
    table(
      ok.map((r) => [fmtSize(r.size), r.hover?.n ?? 0, cell(r.hover?.p50), cell(r.hover?.p95), cell(r.hover?.max), versus(r.hover?.p95, TARGETS.hoverP95Ms)]),
      ['size', 'hovers', 'p50', 'p95', 'max', 'target p95'],
    ),
  );
  const withBursts = ok.filter((r) => r.burst);
  if (withBursts.length) {
    console.log(
      '\nFast typing bursts: a publication is stale when the client had already sent a newer version when it arrived,\n' +
        `although that newer keystroke followed within the debounce; "after pause" counts those where it came later\n` +
        '(the client fell behind its typing schedule), which the debounce rightly lets through.\n',
    );
    console.log(
      table(
        withBursts.map((r) => [
          fmtSize(r.size),
          r.burst.bursts,
          r.burst.keystrokes,
          r.burst.publications,
          r.burst.stale,
          r.burst.afterPause,
          cell(r.burst.maxGapMs),
          r.burst.outOfOrder,
          `${r.burst.finalPublished}/${r.burst.bursts}`,
          cell(r.burst.finalMs.p50),
          cell(r.burst.finalMs.max),
        ]),
        ['size', 'bursts', 'keys', 'published', 'stale', 'after pause', 'max gap', 'out of order', 'final published', 'final p50', 'final max'],
      ),
    );
  }
  const mem = ok.filter((r) => r.server?.peakMiB != null);
  if (mem.length) console.log(`\nServer peak RSS: ${mem.map((r) => `${fmtSize(r.size)} ${r.server.peakMiB} MiB`).join(', ')}`);
  const cores = os.cpus().length;
  const busy = ok.filter((r) => Math.max(r.loadAverage.start ?? 0, r.loadAverage.end ?? 0) > cores / 2);
  if (busy.length) {
    console.log(
      `note: the machine was busy (1-minute load average ${busy.map((r) => `${r.loadAverage.start}-${r.loadAverage.end} at ${fmtSize(r.size)}`).join(', ')}, ${cores} cores); ` +
        'the maxima and p95s are the figures most affected',
    );
  }
}

/** Merges the results into the JSON file: other keys and other sizes stay. */
function writeJson(file, results, meta) {
  let report = {};
  if (existsSync(file)) {
    try {
      report = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      console.log(`note: ${show(file)} is not JSON (${e.message}); starting it afresh`);
      report = {};
    }
  }
  const kept = (report.lsp?.results ?? []).filter((r) => !results.some((x) => x.size === r.size));
  report.lsp = { ...meta, results: [...kept, ...results].sort((a, b) => a.size - b.size) };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  console.log(`\nmerged the LSP figures into ${show(file)} (key "lsp")`);
}

export async function main(argv) {
  const opts = parseArgs(argv);
  if (opts.help) {
    console.log(usage());
    return 0;
  }
  if (!existsSync(opts.server)) {
    console.error(`bench lsp: ${show(opts.server)} not found`);
    return 2;
  }
  const deb = opts.debounce != null ? { for: () => opts.debounce, from: '--debounce' } : serverDebounce();
  console.log(`\nZonelint LSP latency benchmark`);
  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} cores; node ${process.version}`);
  console.log(`server: node ${show(opts.server)} --stdio; debounce ${deb.from}`);
  console.log(
    `${opts.edits} edits (TTL, address, new TXT record; incremental didChange) at least ${opts.interval} ms apart, ${opts.hovers} hovers, ` +
      `${opts.bursts} typing burst${opts.bursts === 1 ? '' : 's'} (keys ${opts.keyInterval.join('-')} ms apart), seed ${opts.seed}`,
  );
  if (opts.cpuProf) console.log(`CPU profiles go to ${show(opts.cpuProf)}; the profiler slows the server, so these latencies run high`);
  const files = ensureZones(opts.sizes, { log: (x) => console.log(x) });
  const results = [];
  for (let i = 0; i < opts.sizes.length; i++) {
    const size = opts.sizes[i];
    console.log(`\n${fmtSize(size)} records (${(statSync(files[i]).size / 1048576).toFixed(1)} MiB, ${show(files[i])})`);
    const debounceMs = deb.for(readFileSync(files[i], 'utf8').length);
    const result = await measureSize(size, files[i], opts, debounceMs);
    result.debounceMs = debounceMs;
    results.push(result);
  }
  printTables(results);
  for (const r of results) for (const n of r.notes) console.log(`note (${fmtSize(r.size)}): ${n}`);
  for (const r of results.filter((x) => x.error)) console.log(`${fmtSize(r.size)} failed: ${r.error}`);
  if (opts.json) {
    writeJson(opts.json, results, {
      date: new Date().toISOString(),
      server: `node ${show(opts.server)} --stdio`,
      node: process.version,
      debounce: deb.from,
      method: {
        diagnostics:
          'didChange (one incremental change: TTL, A address or a new TXT record at a random line) -> publishDiagnostics with that version; ' +
          `edits at least ${opts.interval} ms apart and never before the previous publication; the server debounces only changes within its debounce of the previous one, so these wait for none unless --interval is below it ("diagnosticsMinusDebounce" subtracts any wait)`,
        hover: 'textDocument/hover round trip at a random token of a random record, on the settled document',
        burst:
          'a new line then a TXT record typed one character per didChange; stale = publication of a version older than the newest sent before it arrived, ' +
          'where that newer version followed within the debounce; afterPause = the same where the client sent it a debounce or more later',
        percentiles: 'nearest rank',
        settings: { edits: opts.edits, hovers: opts.hovers, intervalMs: opts.interval, bursts: opts.bursts, keyIntervalMs: opts.keyInterval, seed: opts.seed },
      },
      targets: {
        diagnosticsP95MinusDebounceMs: TARGETS.diagnosticsP95MinusDebounceMs,
        hoverP95Ms: TARGETS.hoverP95Ms,
        note: 'targets are shown, not enforced',
      },
    });
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      console.error(`bench lsp: ${e.message}`);
      process.exitCode = 2;
    },
  );
}
