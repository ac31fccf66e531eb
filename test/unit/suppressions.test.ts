// Inline suppressions: zonelint-disable-next-line, -disable-line, -disable/-enable, with and
// without ids, in included files, and unknown ids reported at their characters.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkFixture } from '../helpers/fixture';
import { lintParsed, lintText, type LintTextOptions } from '../../server/src/service/lint';
import { parseZone } from '../../server/src/service/zone/parser';
import { LineIndex } from '../../server/src/service/zone/lineIndex';
import type { IncludeHost, ZoneDiagnostic } from '../../server/src/service/zone/types';

const FIXTURES = join(__dirname, '..', 'fixtures', 'suppressions');

/** A zone without faults: seven lines, so the lines a test appends start at line 8. */
const BASE = `$ORIGIN example.com.
$TTL 3600
@        IN SOA  ns1.example.com. hostmaster.example.com. ( 2024010101 7200 3600 1209600 3600 )
         IN NS   ns1
         IN NS   ns2
ns1      IN A    192.0.2.1
ns2      IN AAAA 2001:db8::2
`;

// Faulty lines, each with the diagnostics it gives on its own. Every call gives a new record,
// so that repeating a line adds no zone-duplicate-record.
let serial = 0;
const CNAME = 'www IN CNAME web.example.net.'; // cname-other-data, with the TXT line after it
const CNAME_DATA = 'www IN TXT "other data"';
const mxAddress = () => `@ IN MX ${++serial} 192.0.2.${serial}.`; // mx-target-address
const mxTwo = () => `shop IN MX ${++serial} mail${serial}.example.com`; // zone-relative-target-fqdn and mx-target-no-address
const BAD_TYPE = 'x IN FOO bar'; // syntax-unknown-type (a parser diagnostic)

/** The apex receives mail without SPF in these zones; that information is not what they test. */
const QUIET_SPF: LintTextOptions = { ruleSeverities: { 'spf-missing': 'off' } };

/** Diagnostics of file 0 as '<1-based line> <code>', sorted. */
function found(lines: string[], options: LintTextOptions = {}): string[] {
  const text = BASE + lines.join('\n') + '\n';
  const index = new LineIndex(text);
  // The apex receives mail without SPF in these zones; that information is not what they test.
  return lintText(text, { origin: 'example.com.', ...options, ruleSeverities: { 'spf-missing': 'off', ...options.ruleSeverities } })
    .diagnostics.filter((d) => d.file === 0)
    .map((d) => `${index.position(d.start).line + 1} ${d.code}`)
    .sort();
}

test('without directives the faulty lines report what the other tests suppress', () => {
  assert.deepEqual(found([CNAME, CNAME_DATA, mxAddress(), mxTwo(), BAD_TYPE]), [
    '10 mx-target-address',
    '11 mx-target-no-address',
    '11 zone-relative-target-fqdn',
    '12 syntax-unknown-type',
    '8 cname-other-data',
  ]);
});

test('disable-next-line silences the named rule on the next line only', () => {
  assert.deepEqual(found(['; zonelint-disable-next-line mx-target-address', mxAddress(), mxAddress()]), ['10 mx-target-address']);
  // Another rule on the same line is still reported.
  assert.deepEqual(found(['; zonelint-disable-next-line zone-relative-target-fqdn', mxTwo()]), ['9 mx-target-no-address']);
});

test('disable-next-line takes several ids, separated by commas or spaces', () => {
  assert.deepEqual(found(['; zonelint-disable-next-line zone-relative-target-fqdn, mx-target-no-address', mxTwo()]), []);
  assert.deepEqual(found(['; zonelint-disable-next-line zone-relative-target-fqdn mx-target-no-address', mxTwo()]), []);
  assert.deepEqual(found([';zonelint-disable-next-line zone-relative-target-fqdn,mx-target-no-address', mxTwo()]), []);
});

test('a directive without ids applies to every rule, parser diagnostics included', () => {
  assert.deepEqual(found(['; zonelint-disable-next-line', mxTwo(), mxAddress()]), ['10 mx-target-address']);
  assert.deepEqual(found(['; zonelint-disable-next-line', BAD_TYPE]), []);
  assert.deepEqual(found(['; zonelint-disable-next-line -- the type is a placeholder', BAD_TYPE]), []);
});

test('text after " -- " is a reason, not ids', () => {
  assert.deepEqual(found(['; zonelint-disable-next-line mx-target-address -- ops ticket 12, see wiki', mxAddress()]), []);
});

test('disable-next-line skips blank lines, comment-only lines and a lone parenthesis', () => {
  assert.deepEqual(found(['; zonelint-disable-next-line mx-target-address', '', '   ', '; why the address is there', '   ; indented note', mxAddress()]), []);
  assert.deepEqual(found(['; zonelint-disable-next-line mx-target-address', 'ftp IN A 192.0.2.8', mxAddress()]), ['10 mx-target-address']);
  // A line holding only the ')' that closes a record has no record token.
  assert.deepEqual(found(['txt IN TXT ( "a"', '  ; zonelint-disable-next-line mx-target-address', '  )', mxAddress()]), []);
  // A trailing directive on a record line looks past that line.
  assert.deepEqual(found(['ftp IN A 192.0.2.8 ; zonelint-disable-next-line mx-target-address', mxAddress()]), []);
  // At the end of the file there is no next line: nothing happens, nothing throws.
  assert.deepEqual(found([mxAddress(), '; zonelint-disable-next-line mx-target-address']), ['8 mx-target-address']);
});

test('disable-next-line works with CRLF line endings', () => {
  const text = (BASE + ['; zonelint-disable-next-line mx-target-address', '', mxAddress(), mxAddress()].join('\n') + '\n').replace(/\n/g, '\r\n');
  const codes = lintText(text, QUIET_SPF).diagnostics.map((d) => `${new LineIndex(text).position(d.start).line + 1} ${d.code}`);
  assert.deepEqual(codes.filter((c) => !c.endsWith('syntax-crlf')), ['11 mx-target-address']);
});

test('disable-line silences the rules on the line the comment ends', () => {
  assert.deepEqual(found([mxAddress() + ' ; zonelint-disable-line mx-target-address', mxAddress()]), ['9 mx-target-address']);
  assert.deepEqual(found([mxTwo() + ' ; zonelint-disable-line']), []);
  assert.deepEqual(found([mxTwo() + ' ; zonelint-disable-line mx-target-no-address']), ['8 zone-relative-target-fqdn']);
  // On a comment-only line it covers nothing else.
  assert.deepEqual(found(['; zonelint-disable-line mx-target-address', mxAddress()]), ['9 mx-target-address']);
});

test('disable ... enable silences the lines in between', () => {
  assert.deepEqual(
    found([mxAddress(), '; zonelint-disable mx-target-address', mxAddress(), mxTwo(), '; zonelint-enable mx-target-address', mxAddress()]),
    ['11 mx-target-no-address', '11 zone-relative-target-fqdn', '13 mx-target-address', '8 mx-target-address'],
  );
});

test('an unclosed disable lasts to the end of the file', () => {
  assert.deepEqual(found([mxAddress(), '; zonelint-disable mx-target-address', '', mxAddress(), mxAddress()]), ['8 mx-target-address']);
  assert.deepEqual(found(['; zonelint-disable', CNAME, CNAME_DATA, mxTwo(), BAD_TYPE]), []);
});

test('enable without ids ends every disable; enable with an id ends only that rule', () => {
  assert.deepEqual(found(['; zonelint-disable mx-target-address, zone-relative-target-fqdn', mxTwo(), '; zonelint-enable', mxAddress()]), [
    '11 mx-target-address',
    '9 mx-target-no-address',
  ]);
  assert.deepEqual(found(['; zonelint-disable', mxTwo(), '; zonelint-enable mx-target-no-address', mxTwo(), mxAddress()]), ['11 mx-target-no-address']);
  assert.deepEqual(found(['; zonelint-disable mx-target-no-address', '; zonelint-disable', mxTwo(), '; zonelint-enable', mxTwo()]), ['12 mx-target-no-address', '12 zone-relative-target-fqdn']);
});

test('a multi-line record: disable-next-line covers its first line, disable-line an inner line', () => {
  const zone = (before: string, refreshComment = '; refresh') => `$ORIGIN example.com.
$TTL 3600
${before}

@ IN SOA ns1.example.com. hostmaster@example.com. ( 2024010101
         600   ${refreshComment}
         900 1000 30 )
  IN NS ns1
  IN NS ns2
ns1 IN A 192.0.2.1
ns2 IN AAAA 2001:db8::2
`;
  const lines = (text: string) => {
    const index = new LineIndex(text);
    return lintText(text, QUIET_SPF).diagnostics.map((d) => `${index.position(d.start).line + 1} ${d.code}`);
  };
  // The rname fault starts on the record's first line, the timer faults on the lines below.
  assert.deepEqual(lines(zone('; nothing')), ['5 soa-rname-at-sign', '6 soa-timers', '7 soa-timers', '7 soa-timers', '7 soa-timers']);
  // A disable-next-line before the record covers the first line only.
  assert.deepEqual(lines(zone('; zonelint-disable-next-line')), ['6 soa-timers', '7 soa-timers', '7 soa-timers', '7 soa-timers']);
  assert.deepEqual(lines(zone('; zonelint-disable-next-line soa-rname-at-sign, soa-timers')), ['6 soa-timers', '7 soa-timers', '7 soa-timers', '7 soa-timers']);
  // A disable-line on an inner line covers the fields on that line.
  assert.deepEqual(lines(zone('; nothing', '; zonelint-disable-line soa-timers')), ['5 soa-rname-at-sign', '7 soa-timers', '7 soa-timers', '7 soa-timers']);
});

/** Reads $INCLUDE files from a map of path to text. */
function memoryHost(files: Record<string, string>): IncludeHost {
  return {
    read(_from, target) {
      const text = files[target];
      return text === undefined ? { error: `no file ${target}` } : { path: target, text };
    },
  };
}

test('directives apply in their own file: included files and the file that includes them', () => {
  const main = BASE + ['; zonelint-disable mx-target-address', mxAddress(), '$INCLUDE mail.inc', mxAddress(), '; zonelint-disable-next-line', '$INCLUDE more.inc', ''].join('\n');
  const host = memoryHost({
    // An unclosed disable in an included file ends with that file.
    'mail.inc': ['; zonelint-disable-next-line zone-relative-target-fqdn', mxTwo(), '; zonelint-disable', mxAddress(), ''].join('\n'),
    'more.inc': [mxAddress(), ''].join('\n'),
  });
  const parsed = parseZone(main, { origin: 'example.com.', path: 'main.zone', includeHost: host });
  const byFile = lintParsed(parsed, QUIET_SPF).map((d) => `${parsed.files[d.file].path}:${new LineIndex(parsed.files[d.file].text).position(d.start).line + 1} ${d.code}`);
  assert.deepEqual(byFile.sort(), [
    // The main file's disable does not reach into the included files...
    'mail.inc:2 mx-target-no-address',
    // ...nor does a disable-next-line before $INCLUDE (it covers the directive line itself).
    'more.inc:1 mx-target-address',
  ]);
});

test('unknown ids are reported at their characters with the closest id, and suppress nothing', () => {
  const comment = '; zonelint-disable-next-line mx-target-adress, zone-relative-target-fqdn, other-data';
  const text = BASE + [comment, mxTwo(), mxAddress()].join('\n') + '\n';
  const diagnostics = lintText(text, QUIET_SPF).diagnostics;
  const unknown = diagnostics.filter((d) => d.code === 'syntax-unknown-suppression');
  assert.deepEqual(
    unknown.map((d) => [text.slice(d.start, d.end), d.start - BASE.length, d.severity, d.data]),
    [
      ['mx-target-adress', comment.indexOf('mx-target-adress'), 'warning', { id: 'mx-target-adress', suggestion: 'mx-target-address' }],
      ['other-data', comment.indexOf('other-data'), 'warning', { id: 'other-data', suggestion: 'cname-other-data' }],
    ],
  );
  assert.match(unknown[0].message, /'mx-target-adress' is not a zonelint rule id.*'mx-target-address'/);
  // The known id in the same comment still works; the unknown ones silence nothing.
  assert.deepEqual(
    diagnostics.filter((d) => d.code !== 'syntax-unknown-suppression').map((d) => d.code),
    ['mx-target-no-address', 'mx-target-address'],
  );
});

test('a directive naming only unknown ids is not the every-rule form', () => {
  assert.deepEqual(found(['; zonelint-disable-next-line nothing-here', mxAddress()]), ['8 syntax-unknown-suppression', '9 mx-target-address']);
  assert.deepEqual(found(['; zonelint-disable nothing-here', mxAddress()]), ['8 syntax-unknown-suppression', '9 mx-target-address']);
});

test('the unknown-id warning follows severity overrides and suppressions like any rule', () => {
  const lines = ['; zonelint-disable-next-line nothing-here', mxAddress()];
  assert.deepEqual(found(lines, { ruleSeverities: { 'syntax-unknown-suppression': 'off' } }), ['9 mx-target-address']);
  assert.deepEqual(found(['; zonelint-disable syntax-unknown-suppression', ...lines]), ['10 mx-target-address']);
});

test('look-alikes are not directives', () => {
  for (const comment of ['; zonelint-disabled mx-target-address', '; see zonelint-disable-next-line mx-target-address', '; zonelint-disable-next-lines mx-target-address']) {
    assert.deepEqual(found([comment, mxAddress()]), ['9 mx-target-address'], comment);
  }
  // Inside a quoted string the text is data, not a comment.
  assert.deepEqual(found(['txt IN TXT "; zonelint-disable"', mxAddress()]), ['9 mx-target-address']);
});

test('suppressing leaves the parse untouched, so a host can lint it again', () => {
  const text = BASE + ['; zonelint-disable-next-line', BAD_TYPE, BAD_TYPE].join('\n') + '\n';
  const parsed = parseZone(text, { origin: 'example.com.' });
  const before: ZoneDiagnostic[] = structuredClone(parsed.diagnostics);
  assert.equal(lintParsed(parsed).filter((d) => d.code === 'syntax-unknown-type').length, 1);
  assert.deepEqual(parsed.diagnostics, before);
  assert.equal(lintParsed(parsed).filter((d) => d.code === 'syntax-unknown-type').length, 1);
});

test('the fixture helper honours suppressions (directives.zone)', () => {
  checkFixture(readFileSync(join(FIXTURES, 'directives.zone'), 'utf8'));
});
