import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InlayHint } from 'vscode-languageserver-types';
import { inlayHints, shortTtl } from '../../server/src/service/features/inlayHints';
import { LineIndex } from '../../server/src/service/zone/lineIndex';
import { parseZone } from '../../server/src/service/zone/parser';

/**
 * Hints drawn into the text, `[label]` at each hint's position, for the lines from `fromLine`
 * to before `toLine` (the whole zone when not given).
 */
function drawn(text: string, fromLine = 0, toLine?: number): string {
  const index = new LineIndex(text);
  const start = index.lineStart(fromLine);
  const end = toLine === undefined || toLine >= index.lineCount ? text.length : index.lineStart(toLine);
  const hints = inlayHints(parseZone(text, { origin: 'example.com.' }), text, start, end);
  let out = text;
  for (const h of [...hints].sort((a: InlayHint, b: InlayHint) => index.offset(b.position) - index.offset(a.position))) {
    const at = index.offset(h.position);
    out = out.slice(0, at) + `[${h.label as string}]` + out.slice(at);
  }
  return out;
}

test('shortTtl writes seconds in the units BIND reads', () => {
  assert.equal(shortTtl(3600), '1h');
  assert.equal(shortTtl(5400), '1h30m');
  assert.equal(shortTtl(90061), '1d1h1m1s');
  assert.equal(shortTtl(1209600), '2w');
});

test('an explicit TTL in seconds gets its human units after it', () => {
  assert.equal(drawn('www 3600 A 192.0.2.1\nftp IN 5400 A 192.0.2.2\n'), 'www 3600[1h] A 192.0.2.1\nftp IN 5400[1h30m] A 192.0.2.2\n');
});

test('no hint for a TTL already in units, under a minute, or not written', () => {
  assert.equal(drawn('www 1h A 192.0.2.1\nftp 30 A 192.0.2.2\n  A 192.0.2.3\n'), 'www 1h A 192.0.2.1\nftp 30 A 192.0.2.2\n  A 192.0.2.3\n');
});

test('TLSA fields get their RFC 7218 names before them', () => {
  const zone = '$TTL 300\n_25._tcp.mail TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n';
  assert.match(drawn(zone), /TLSA \[DANE-EE\]3 \[SPKI\]1 \[SHA2-256\]1 0123/);
  const other = '$TTL 300\n_443._tcp.www TLSA 2 0 2 ' + '00'.repeat(64) + '\n';
  assert.match(drawn(other), /TLSA \[DANE-TA\]2 \[Cert\]0 \[SHA2-512\]2 00/);
});

test('a TLSA usage without an RFC 7218 name gets no hint', () => {
  assert.match(drawn('$TTL 300\n_25._tcp.mail TLSA 255 1 1 ' + 'ab'.repeat(32) + '\n'), /TLSA 255 \[SPKI\]1 \[SHA2-256\]1/);
});

test('only the requested range gets hints, including a record that starts before it', () => {
  const zone = [
    'a 3600 A 192.0.2.1',
    'b 7200 A 192.0.2.2',
    '_25._tcp.mail 600 TLSA ( 3',
    '  1',
    '  1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef )',
    'c 86400 A 192.0.2.3',
    '',
  ].join('\n');
  assert.equal(
    drawn(zone, 3, 5),
    [
      'a 3600 A 192.0.2.1',
      'b 7200 A 192.0.2.2',
      '_25._tcp.mail 600 TLSA ( 3',
      '  [SPKI]1',
      '  [SHA2-256]1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef )',
      'c 86400 A 192.0.2.3',
      '',
    ].join('\n'),
  );
  assert.equal(drawn(zone, 1, 2).split('\n')[1], 'b 7200[2h] A 192.0.2.2');
  assert.ok(!drawn(zone, 1, 2).includes('[1h]'));
});

test('a small range of a large zone is fast', () => {
  const lines: string[] = [];
  for (let i = 0; i < 100000; i++) lines.push(`host${i} 3600 A 192.0.2.${i % 250}`);
  const text = lines.join('\n') + '\n';
  const parsed = parseZone(text, { origin: 'example.com.' });
  const index = new LineIndex(text);
  inlayHints(parsed, text, index.lineStart(50000), index.lineStart(50050));
  const t0 = performance.now();
  const hints = inlayHints(parsed, text, index.lineStart(90000), index.lineStart(90050));
  const elapsed = performance.now() - t0;
  assert.equal(hints.length, 50);
  assert.equal(hints[0].position.line, 90000);
  assert.ok(elapsed < 20, `inlay hints took ${elapsed.toFixed(1)} ms`);
});
