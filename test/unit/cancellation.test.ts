import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LintCancelled, lintParsed } from '../../server/src/service/lint';
import { parseZone } from '../../server/src/service/zone/parser';
import { DocumentTexts, inProcessLinter, runLintJob, type Linter, type LintOutcome, type LintRequest, type ParseCache } from '../../server/src/lintJob';
import { workerLinter } from '../../server/src/node/workerLinter';

function zoneOf(records: number): string {
  const lines = ['$ORIGIN example.com.', '$TTL 3600', '@ SOA ns1 hostmaster 1 7200 3600 1209600 300', '@ NS ns1', '@ NS ns2', 'ns1 A 192.0.2.1', 'ns2 A 192.0.2.2'];
  for (let i = 0; i < records; i++) lines.push(`h${i} A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  return lines.join('\n') + '\n';
}

test('parseZone stops with LintCancelled when asked to, and counts its questions', () => {
  let asked = 0;
  assert.throws(
    () =>
      parseZone(zoneOf(20000), {
        isCancelled: () => {
          asked++;
          return asked === 2;
        },
      }),
    LintCancelled,
  );
  assert.equal(asked, 2, 'the parse stopped at the second question');
});

test('lintParsed stops between rules when asked to', () => {
  const parsed = parseZone(zoneOf(10));
  let asked = 0;
  assert.throws(() => lintParsed(parsed, { isCancelled: () => ++asked > 3 }), LintCancelled);
  assert.equal(asked, 4);
  assert.ok(Array.isArray(lintParsed(parsed, { isCancelled: () => false })));
});

function request(uri: string, version: number): LintRequest {
  return { uri, version, path: '/zones/example.com.zone', ruleSeverities: {} };
}

/** Gives the linter the whole text of a version and asks for its lint. */
function lintText(linter: Linter, uri: string, version: number, text: string, emit: (o: LintOutcome) => void): () => void {
  linter.update(uri, version, { text });
  return linter.lint(request(uri, version), emit);
}

test('in-process linter: a request cancelled before it starts never runs', async () => {
  const linter = inProcessLinter({});
  const seen: LintOutcome[] = [];
  const cancel = lintText(linter, 'file:///a.zone', 1, zoneOf(5), (o) => seen.push(o));
  cancel();
  lintText(linter, 'file:///a.zone', 2, zoneOf(5) + 'www CNAME @\nwww A 192.0.2.9\n', (o) => seen.push(o));
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(
    seen.map((o) => o.version),
    [2],
  );
  assert.ok(seen[0].diagnostics.some((d) => d.code === 'cname-other-data'));
});

test('a job overtaken before it starts neither parses nor emits, and keeps the previous parse for the next job', async () => {
  const parses: ParseCache = new Map();
  const seen: LintOutcome[] = [];
  await runLintJob(request('file:///a.zone', 1), zoneOf(5), {}, () => false, (o) => seen.push(o), parses);
  const first = parses.get('file:///a.zone');
  assert.ok(first);
  let asked = 0;
  await runLintJob(request('file:///a.zone', 2), zoneOf(5) + 'www CNAME @\nwww A 192.0.2.9\n', {}, () => (asked++, true), (o) => seen.push(o), parses);
  assert.equal(asked, 1, 'asked once, before any work');
  assert.equal(parses.get('file:///a.zone'), first, 'the previous parse is still there');
  assert.deepEqual(seen.map((o) => o.version), [1]);
});

const script = join(__dirname, '..', '..', 'dist', 'lintWorker.js');

test('worker linter: a cancelled lint of a large zone publishes nothing and frees the worker for the next one', { skip: existsSync(script) ? false : 'dist/lintWorker.js is not built (npm run build)' }, async () => {
  const logs: string[] = [];
  const linter = workerLinter({ log: (m) => logs.push(m) }, () => undefined, script);
  try {
    const big = zoneOf(300_000);
    const smallText = zoneOf(3) + 'www CNAME @\nwww A 192.0.2.9\n';
    // The time a lint of the large zone takes when left alone.
    let started = Date.now();
    const whole = await new Promise<LintOutcome>((resolve) => lintText(linter, 'file:///big.zone', 1, big, resolve));
    const wholeMs = Date.now() - started;
    assert.equal(whole.version, 1);
    const seen: LintOutcome[] = [];
    // Another origin: the whole zone is parsed and linted again, not just a change.
    const cancel = lintText(linter, 'file:///big.zone', 2, big.replace('$ORIGIN example.com.', '$ORIGIN example.org.'), (o) => seen.push(o));
    // Let the worker start on it, then cancel: the worker must drop it at its next check.
    await new Promise((r) => setTimeout(r, 50));
    started = Date.now();
    cancel();
    const small = await new Promise<LintOutcome>((resolve) => lintText(linter, 'file:///small.zone', 1, smallText, resolve));
    const smallMs = Date.now() - started;
    assert.ok(small.diagnostics.some((d) => d.code === 'cname-other-data'), JSON.stringify(small.diagnostics));
    assert.ok(smallMs < wholeMs / 4, `the next lint waited ${smallMs} ms; a whole lint of the large zone takes ${wholeMs} ms`);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(seen, [], 'the cancelled lint published nothing');
    assert.deepEqual(logs, []);
  } finally {
    linter.dispose();
  }
});

test('worker linter: when the worker cannot start, the lints sent to it still get their result', async () => {
  const logs: string[] = [];
  const text = zoneOf(3) + 'www CNAME @\nwww A 192.0.2.9\n';
  // The server's document is at version 2 by the time the worker is found dead: its lint is run on that text.
  const current = { version: 2, text: text + 'www TXT "x"\n' };
  const linter = workerLinter({ log: (m) => logs.push(m) }, (uri) => (uri === 'file:///first.zone' ? current : undefined), join(__dirname, 'no-such-worker.js'));
  try {
    const outcome = await new Promise<LintOutcome>((resolve, reject) => {
      setTimeout(() => reject(new Error('no result within 5 s')), 5000).unref();
      lintText(linter, 'file:///first.zone', 1, text, resolve);
    });
    assert.equal(outcome.version, 2);
    assert.ok(outcome.diagnostics.some((d) => d.code === 'cname-other-data' && d.message.includes('TXT')), JSON.stringify(outcome.diagnostics));
    assert.ok(outcome.diagnostics.some((d) => d.code === 'cname-other-data'));
    assert.ok(logs.some((m) => /lint worker stopped/.test(m)), logs.join('\n'));
  } finally {
    linter.dispose();
  }
});

/** Applies a change to a whole string, as the client and server do. */
function applied(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

test('document texts: any sequence of changes, read at any point, gives the text the changes make', () => {
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const words = ['', 'a', 'xyz', '\n', 'www A 192.0.2.1\n', '; note\n', '(\n "t" )'];
  for (let round = 0; round < 300; round++) {
    const texts = new DocumentTexts();
    let expected = zoneOf(random(4));
    texts.update('u', 1, { text: expected });
    let last = 1;
    for (let version = 2; version < 2 + random(30); version++) {
      last = version;
      const a = random(expected.length + 1);
      const b = Math.min(expected.length, a + random(12));
      const insert = words[random(words.length)];
      texts.update('u', version, { start: a, end: b, text: insert });
      expected = applied(expected, a, b, insert);
      if (random(4) === 0) assert.equal(texts.text('u', version), expected, `round ${round}, version ${version}`);
      assert.equal(texts.text('u', version - 100), undefined, 'an old version is not known');
    }
    assert.equal(texts.text('u', last), expected, `round ${round}`);
  }
});

test('worker linter: the worker lints the text made by the changes it was given', { skip: existsSync(script) ? false : 'dist/lintWorker.js is not built (npm run build)' }, async () => {
  const linter = workerLinter({}, () => undefined, script);
  try {
    const uri = 'file:///edited.zone';
    const base = zoneOf(3);
    linter.update(uri, 1, { text: base });
    // Version 2 adds a CNAME beside an A record, version 3 renames the A record away from it.
    const at = base.indexOf('h1 A');
    linter.update(uri, 2, { start: base.length, end: base.length, text: 'h1 CNAME @\n' });
    const second = await new Promise<LintOutcome>((resolve) => linter.lint(request(uri, 2), resolve));
    assert.ok(second.diagnostics.some((d) => d.code === 'cname-other-data'), JSON.stringify(second.diagnostics));
    linter.update(uri, 3, { start: at, end: at + 2, text: 'other' });
    const third = await new Promise<LintOutcome>((resolve) => linter.lint(request(uri, 3), resolve));
    assert.deepEqual(third.diagnostics.filter((d) => d.code === 'cname-other-data'), []);
  } finally {
    linter.dispose();
  }
});

test('linters send the most severe diagnostics and keep all of them for the version', { skip: existsSync(script) ? false : 'dist/lintWorker.js is not built (npm run build)' }, async () => {
  const text = zoneOf(2) + 'a CNAME @\na A 192.0.2.7\nb TXT "v=spf1 +all"\nc TXT "v=spf1 +all"\nd TXT "v=spf1 +all"\n';
  for (const linter of [inProcessLinter({}), workerLinter({}, () => undefined, script)]) {
    try {
      linter.update('file:///l.zone', 1, { text });
      const outcome = await new Promise<LintOutcome>((resolve) => linter.lint({ ...request('file:///l.zone', 1), maxProblems: 2 }, resolve));
      const all = await linter.diagnostics('file:///l.zone', 1);
      assert.ok(all && all.length >= 4, JSON.stringify(all));
      assert.equal(outcome.total, all.length);
      // One place is left for the note: the error comes first.
      assert.deepEqual(outcome.diagnostics.map((d) => d.code), ['cname-other-data']);
      assert.equal(outcome.left!.warning, all.filter((d) => d.severity === 'warning').length);
      assert.equal(await linter.diagnostics('file:///l.zone', 2), undefined, 'no other version');
    } finally {
      linter.dispose();
    }
  }
});
