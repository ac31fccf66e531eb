#!/usr/bin/env node
// Zonelint benchmark: times the zonelint CLI against two reference zone
// checkers on generated zones of 10k, 100k and 1M records.
//
//   node bench/run.mjs [--sizes 10000,100000,1000000] [--runs N]
//                      [--timeout SECONDS] [--json FILE] [--cli PATH]
//                      [--lsp-sizes 1000,100000] [--no-lsp]
//   npm run bench      (builds first)
//
// For each size, in the same run:
//   zonelint         node bin/zonelint.js --offline --format json ZONE
//   named-checkzone  named-checkzone -i local bench.example ZONE
//   kzonecheck       kzonecheck -o bench.example ZONE
// each under GNU time (`/usr/bin/time -f '%e %M'`) for the peak RSS; wall
// time is taken around the same process with a monotonic clock (ms
// resolution; GNU time's %e has only 10 ms). Output goes to /dev/null.
// The tools take turns within each round, and the median of the rounds is
// reported. Results are printed as a table and written as JSON to
// bench/results/latest.json (other keys there, such as "lsp", are kept).
// Then bench/lsp.mjs measures the language server's latency on 1k and 100k
// records (--lsp-sizes; --no-lsp skips it) and merges its figures into the
// same file. This is a measurement, not a test: nothing here passes or fails
// on time.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SIZES, ORIGIN, ensureZones, parseSizes } from './generate.mjs';
import { DEFAULT_LSP_SIZES } from './lsp.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const GNU_TIME = '/usr/bin/time';
const ZONE_NAME = ORIGIN.slice(0, -1);
let CLI = join(ROOT, 'bin', 'zonelint.js');

function usage() {
  return [
    'usage: node bench/run.mjs [--sizes 10000,100000,1000000] [--runs N] [--timeout SECONDS] [--json FILE] [--cli PATH]',
    '                          [--lsp-sizes 1000,100000] [--no-lsp]',
    '  --sizes    zone sizes in records (k/M suffixes allowed: 10k,1M)',
    '  --runs     rounds per size (default: 5 up to 10k, 3 up to 100k, 1 above)',
    '  --timeout  per-process limit in seconds (default 900)',
    '  --json     where to write the results (default bench/results/latest.json)',
    '  --cli      the zonelint entry point to run with node (default bin/zonelint.js)',
    '  --lsp-sizes  zone sizes for the language server latency benchmark (default 1k,100k)',
    '  --no-lsp     skip the language server latency benchmark (node bench/lsp.mjs runs it alone)',
  ].join('\n');
}

function parseArgs(argv) {
  const opts = { sizes: DEFAULT_SIZES, runs: undefined, timeout: 900, json: join(HERE, 'results', 'latest.json'), lsp: true, lspSizes: DEFAULT_LSP_SIZES };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? a.split(/=(.*)/s, 2) : [a, undefined];
    const val = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    const posInt = (s) => {
      const n = Number(s);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} wants a positive integer, got ${s}`);
      return n;
    };
    if (flag === '--sizes') opts.sizes = parseSizes(val());
    else if (flag === '--runs') opts.runs = posInt(val());
    else if (flag === '--timeout') opts.timeout = posInt(val());
    else if (flag === '--json') opts.json = resolve(val());
    else if (flag === '--cli') CLI = resolve(val());
    else if (flag === '--lsp-sizes') opts.lspSizes = parseSizes(val());
    else if (flag === '--no-lsp') opts.lsp = false;
    else if (flag === '-h' || flag === '--help') opts.help = true;
    else throw new Error(`unknown argument: ${a}`);
  }
  return opts;
}

/** A path as shown to people: relative inside the repository, else absolute. */
const show = (p) => (p.startsWith(ROOT + '/') ? relative(ROOT, p) : p);

const defaultRuns = (n) => (n <= 10_000 ? 5 : n <= 100_000 ? 3 : 1);

function onPath(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function firstLine(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n')[0] || null;
}

/** The tools to measure; those missing are reported and skipped. */
function tools() {
  const list = [];
  if (existsSync(CLI)) {
    list.push({
      name: 'zonelint',
      argv: (zone) => [process.execPath, CLI, '--offline', '--format', 'json', zone],
      // 1 means "errors found": still a complete run, reported as such.
      okStatus: [0, 1],
      // Exit 1 is also what a crash gives, so one untimed run first checks
      // that the output is JSON (and builds dist/ if bin/zonelint.js must).
      checkOutput: checkJson,
      version: `node ${process.version}, ${gitRev() ?? 'unknown revision'}`,
    });
  } else {
    list.push({ name: 'zonelint', missing: `zonelint CLI missing (${show(CLI)} not found); measuring the reference tools only` });
  }
  const ncz = onPath('named-checkzone');
  if (ncz) {
    list.push({
      name: 'named-checkzone',
      argv: (zone) => [ncz, '-i', 'local', ZONE_NAME, zone],
      okStatus: [0],
      version: firstLine(ncz, ['-v']),
    });
  } else list.push({ name: 'named-checkzone', missing: 'named-checkzone not found (npm run setup installs bind9-utils)' });
  const kzc = onPath('kzonecheck');
  if (kzc) {
    list.push({
      name: 'kzonecheck',
      argv: (zone) => [kzc, '-o', ZONE_NAME, zone],
      okStatus: [0],
      version: firstLine(kzc, ['-V']),
    });
  } else list.push({ name: 'kzonecheck', missing: 'kzonecheck not found (npm run setup installs knot-dnssecutils)' });
  return list;
}

function gitRev() {
  const r = spawnSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const dirty = spawnSync('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' });
  return `git ${r.stdout.trim()}${dirty.stdout?.trim() ? '+dirty' : ''}`;
}

/** Runs argv once under GNU time; returns { seconds, timeSeconds, peakKiB, status, stderr }. */
function measure(argv, tmpDir, timeoutS) {
  const timeFile = join(tmpDir, 'time.out');
  rmSync(timeFile, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(GNU_TIME, ['-f', '%e %M', '-o', timeFile, ...argv], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: timeoutS * 1000,
    maxBuffer: 64 << 20,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const stderr = r.stderr ? r.stderr.toString('utf8') : '';
  if (r.error) return { seconds, status: null, error: r.error.code === 'ETIMEDOUT' ? `timed out after ${timeoutS} s` : r.error.message, stderr };
  if (r.signal) return { seconds, status: null, error: `killed by ${r.signal}`, stderr };
  // GNU time writes "Command exited with non-zero status N" before the
  // format line when the command fails, so read the last line.
  const lines = existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim().split('\n') : [];
  const m = /^([\d.]+) (\d+)$/.exec(lines.at(-1) ?? '');
  return {
    seconds,
    timeSeconds: m ? Number(m[1]) : null,
    peakKiB: m ? Number(m[2]) : null,
    status: r.status,
    stderr,
  };
}

/** Parses zonelint's JSON output; counts diagnostics where it can find them. */
function checkJson(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, note: `output is not JSON (${e.message}; ${text.length} bytes)` };
  }
  let diagnostics = 0;
  let found = false;
  const walk = (v, depth) => {
    if (depth > 4 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth + 1));
    for (const [k, x] of Object.entries(v)) {
      if (k === 'diagnostics' && Array.isArray(x)) {
        diagnostics += x.length;
        found = true;
      } else walk(x, depth + 1);
    }
  };
  walk(doc, 0);
  return { ok: true, note: found ? `valid JSON, ${diagnostics} diagnostics` : `valid JSON, ${text.length} bytes` };
}

/** One untimed run with stdout kept, to check that the tool really worked. */
function checkRun(tool, zone, tmpDir, timeoutS) {
  const outFile = join(tmpDir, 'check.out');
  const fd = openSync(outFile, 'w');
  let r;
  try {
    r = spawnSync(tool.argv(zone)[0], tool.argv(zone).slice(1), { stdio: ['ignore', fd, 'pipe'], timeout: timeoutS * 1000, maxBuffer: 64 << 20 });
  } finally {
    closeSync(fd);
  }
  const stderr = r.stderr ? r.stderr.toString('utf8').trim() : '';
  if (r.error || r.signal || !tool.okStatus.includes(r.status)) {
    return { ok: false, note: r.error?.message ?? (r.signal ? `killed by ${r.signal}` : `exit status ${r.status}`), stderr };
  }
  const res = tool.checkOutput(readFileSync(outFile, 'utf8'));
  rmSync(outFile, { force: true });
  return { ...res, status: r.status, stderr };
}

const round = (x, digits) => Number(x.toFixed(digits));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
};

function fmtSize(n) {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}k`;
  return String(n);
}

function table(rows, header) {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => String(r[c]).length)));
  const line = (r) => r.map((cell, c) => (c < 2 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(usage());
    return 0;
  }
  if (!existsSync(GNU_TIME)) {
    console.error(`bench: ${GNU_TIME} not found; run \`npm run setup\` (Debian package "time")`);
    return 2;
  }

  console.log('Zonelint benchmark');
  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}`);
  console.log(
    'named-checkzone runs with -i local: the default -i full also checks MX/SRV/NS targets outside the zone\n' +
      'and may look them up over the network; -i local checks in-zone targets only, which is what zonelint --offline does.',
  );

  const toolList = tools();
  for (const t of toolList) {
    if (t.missing) console.log(`note: ${t.missing}`);
    else console.log(`${t.name}: ${t.version ?? 'version unknown'}`);
  }
  const active = toolList.filter((t) => !t.missing);
  if (active.length === 0) {
    console.error('bench: nothing to measure');
    return 2;
  }

  const files = ensureZones(opts.sizes, { log: (s) => console.log(s) });
  const tmpDir = mkdtempSync(join(os.tmpdir(), 'zonelint-bench-'));
  const results = [];
  try {
    opts.sizes.forEach((size, si) => {
      const zone = files[si];
      const bytes = statSync(zone).size;
      const runs = opts.runs ?? defaultRuns(size);
      console.log(`\n${fmtSize(size)} records (${(bytes / 1048576).toFixed(1)} MiB, ${show(zone)}), ${runs} round${runs > 1 ? 's' : ''}`);
      const samples = new Map(active.map((t) => [t.name, []]));
      const failures = new Map();
      const checks = new Map();
      for (const t of active.filter((x) => x.checkOutput)) {
        const c = checkRun(t, zone, tmpDir, opts.timeout);
        checks.set(t.name, c.note);
        if (!c.ok) {
          failures.set(t.name, c.note);
          console.log(`  ${t.name}: FAILED check run (${c.note})${c.stderr ? `\n    ${c.stderr.split('\n').slice(0, 8).join('\n    ')}` : ''}`);
        } else {
          console.log(`  ${t.name.padEnd(16)} check run: ${c.note}, exit ${c.status}`);
        }
      }
      for (let r = 0; r < runs; r++) {
        for (const t of active) {
          if (failures.has(t.name)) continue;
          const m = measure(t.argv(zone), tmpDir, opts.timeout);
          if (m.error || !t.okStatus.includes(m.status) || m.peakKiB == null) {
            const why = m.error ?? `exit status ${m.status}`;
            failures.set(t.name, why);
            console.log(`  ${t.name}: FAILED (${why})${m.stderr ? `\n    ${m.stderr.trim().split('\n').slice(0, 5).join('\n    ')}` : ''}`);
            continue;
          }
          samples.get(t.name).push(m);
          console.log(`  ${t.name.padEnd(16)} round ${r + 1}: ${m.seconds.toFixed(3)} s, ${(m.peakKiB / 1024).toFixed(1)} MiB${m.status ? ` (exit ${m.status})` : ''}`);
        }
      }
      for (const t of active) {
        const s = samples.get(t.name);
        results.push({
          size,
          bytes,
          tool: t.name,
          command: t.argv(relative(ROOT, zone)).map((a) => (a === process.execPath ? 'node' : a.startsWith(ROOT) ? relative(ROOT, a) : a)).join(' '),
          runs: s.length,
          seconds: s.length ? round(median(s.map((x) => x.seconds)), 4) : null,
          secondsMin: s.length ? round(Math.min(...s.map((x) => x.seconds)), 4) : null,
          peakMiB: s.length ? round(median(s.map((x) => x.peakKiB)) / 1024, 1) : null,
          exitStatus: s.length ? s.at(-1).status : null,
          output: checks.get(t.name) ?? null,
          error: failures.get(t.name) ?? null,
        });
      }
    });
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }

  // Ratios of zonelint to each reference tool (>1: zonelint is slower / bigger).
  const ratios = [];
  for (const size of opts.sizes) {
    const zl = results.find((x) => x.size === size && x.tool === 'zonelint');
    if (!zl?.seconds) continue;
    for (const ref of results.filter((x) => x.size === size && x.tool !== 'zonelint' && x.seconds)) {
      ratios.push({ size, vs: ref.tool, time: round(zl.seconds / ref.seconds, 3), memory: round(zl.peakMiB / ref.peakMiB, 3) });
    }
  }

  const rows = results.map((x) => {
    const ratio = (vs, key) => {
      const q = ratios.find((y) => y.size === x.size && y.vs === vs);
      return q ? `${q[key].toFixed(2)}x` : '';
    };
    const isZl = x.tool === 'zonelint';
    return [
      fmtSize(x.size),
      x.tool,
      x.seconds != null ? x.seconds.toFixed(3) : x.error ? 'failed' : '-',
      x.peakMiB != null ? x.peakMiB.toFixed(1) : '-',
      isZl ? ratio('named-checkzone', 'time') : '',
      isZl ? ratio('named-checkzone', 'memory') : '',
      isZl ? ratio('kzonecheck', 'time') : '',
      isZl ? ratio('kzonecheck', 'memory') : '',
    ];
  });
  console.log('\nMedian of the rounds (wall seconds, peak RSS in MiB); ratios are zonelint / reference tool\n');
  console.log(
    table(rows, ['size', 'tool', 'seconds', 'peak MiB', 'time/named', 'mem/named', 'time/knot', 'mem/knot']),
  );
  for (const x of results.filter((y) => y.error)) console.log(`\n${fmtSize(x.size)} ${x.tool} failed: ${x.error}`);
  for (const t of toolList.filter((x) => x.missing)) console.log(`\n(${t.missing})`);

  const report = {
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model ?? null,
      cores: os.cpus().length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
    },
    method: {
      wall: 'monotonic clock around the process (includes process start-up)',
      memory: "peak RSS from GNU time '%M'",
      aggregate: 'median of the rounds; rounds interleave the tools',
      namedCheckzoneMode: '-i local (in-zone integrity checks only; -i full may resolve out-of-zone names over the network)',
    },
    tools: Object.fromEntries(toolList.map((t) => [t.name, t.missing ? { missing: t.missing } : { version: t.version }])),
    results,
    ratios,
  };
  // Keep what else the file holds (the LSP figures of an earlier run).
  let previous = {};
  try {
    if (existsSync(opts.json)) previous = JSON.parse(readFileSync(opts.json, 'utf8'));
  } catch {
    previous = {};
  }
  mkdirSync(dirname(opts.json), { recursive: true });
  writeFileSync(opts.json, JSON.stringify({ ...previous, ...report }, null, 2) + '\n');
  console.log(`\nwrote ${show(opts.json)}`);
  if (opts.lsp) runLsp(opts);
  return 0;
}

/** The language server latency benchmark, in its own process; merges into the same JSON file. */
function runLsp(opts) {
  const args = [join(HERE, 'lsp.mjs'), '--sizes', opts.lspSizes.join(','), '--json', opts.json];
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) console.log(`\nbench: the LSP benchmark ended with ${r.signal ?? `status ${r.status}`}`);
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(`bench: ${e.message}`);
  process.exitCode = 2;
}
