// Quick fixes: each test applies the action's edits, compares the text, and lints the result
// again to show the diagnostic gone and nothing new. Fix-all runs over every fixture zone and
// must keep each record and comment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import { codeActions, fixAll, fixAllAction, FIX_ALL_KIND, planFixAll, fixesFor } from '../../server/src/service/features/codeActions';
import { lintText } from '../../server/src/service/lint';
import { LineIndex } from '../../server/src/service/zone/lineIndex';
import type { ZoneDiagnostic } from '../../server/src/service/zone/types';

const URI = 'file:///zones/example.com.zone';
const FIXTURES = join(__dirname, '..', 'fixtures');

const HEAD = `$TTL 3600
@    IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 3600
     IN NS  ns1
     IN NS  ns2
ns1  IN A   192.0.2.1
ns2  IN A   192.0.2.2
`;

function lint(text: string) {
  return lintText(text, { origin: 'example.com.' });
}

function apply(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create(URI, 'dns-zone', 1, text), [...edits]);
}

function codes(diagnostics: readonly ZoneDiagnostic[]): string[] {
  return diagnostics.map((d) => d.code).sort();
}

function without(list: string[], removed: string[]): string[] {
  const out = list.slice();
  for (const r of removed) {
    const i = out.indexOf(r);
    if (i >= 0) out.splice(i, 1);
  }
  return out;
}

interface Expect {
  /** Picks the action by title when the diagnostic has several. */
  title?: RegExp;
  preferred: boolean;
  /** Options for the lint, when the zone needs others. */
  options?: Parameters<typeof lintText>[1];
}

/** Applies the fix of the only `code` diagnostic in `input`, compares with `expected`, and re-lints. */
function checkFix(input: string, code: string, expected: string, e: Expect): CodeAction {
  const { parsed, diagnostics } = lintText(input, e.options ?? { origin: 'example.com.' });
  const targets = diagnostics.filter((d) => d.code === code);
  assert.equal(targets.length, 1, `expected one ${code}, got: ${codes(diagnostics).join(', ')}`);
  const actions = codeActions(parsed, input, targets, URI, (d) => ({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: d.message, code: d.code }));
  const action = e.title ? actions.find((a) => e.title!.test(a.title)) : actions[0];
  assert.ok(action, `no action${e.title ? ` titled ${e.title}` : ''} among: ${actions.map((a) => a.title).join(' | ')}`);
  assert.equal(action.kind, 'quickfix');
  assert.equal(action.isPreferred === true, e.preferred, `isPreferred of '${action.title}'`);
  assert.equal(action.diagnostics?.[0].code, code);
  const output = apply(input, action.edit!.changes![URI]);
  assert.equal(output, expected);
  const after = lintText(output, e.options ?? { origin: 'example.com.' }).diagnostics;
  // Fewer may be left (a fixed $ORIGIN mends every name after it), never a new one or the fixed one.
  assert.deepEqual(without(codes(after), without(codes(diagnostics), [code])), [], 'the fix must remove its diagnostic and add none');
  return action;
}

test('forgotten final dot: appended, offered but not preferred', () => {
  checkFix(HEAD + 'alias IN CNAME host.example.net\n', 'zone-relative-target-fqdn', HEAD + 'alias IN CNAME host.example.net.\n', { preferred: false });
  checkFix('$ORIGIN example.com\n' + HEAD, 'zone-origin-relative', '$ORIGIN example.com.\n' + HEAD, { preferred: false });
});

test('null MX preference set to 0, preferred', () => {
  checkFix(HEAD + 'nomail IN MX 10 .\n', 'mx-null-preference', HEAD + 'nomail IN MX 0 .\n', { preferred: true });
});

test('TTL above 2^31-1 lowered to the largest allowed, not preferred', () => {
  checkFix(HEAD + 'www 4294967295 IN A 192.0.2.9\n', 'syntax-ttl-too-large', HEAD + 'www 2147483647 IN A 192.0.2.9\n', { preferred: false });
});

test('TTL mismatch: written TTL replaced, missing TTL written before the class', () => {
  checkFix(HEAD + 'www 300 IN A 192.0.2.1\nwww 600 IN A 192.0.2.2\n', 'zone-ttl-mismatch', HEAD + 'www 300 IN A 192.0.2.1\nwww 300 IN A 192.0.2.2\n', { preferred: true });
  checkFix(HEAD + 'www 300 IN A 192.0.2.1\n    IN A 192.0.2.2\n', 'zone-ttl-mismatch', HEAD + 'www 300 IN A 192.0.2.1\n    300 IN A 192.0.2.2\n', { preferred: true });
  checkFix(HEAD + 'www 300 A 192.0.2.1\nwww A 192.0.2.2\n', 'zone-ttl-mismatch', HEAD + 'www 300 A 192.0.2.1\nwww 300 A 192.0.2.2\n', { preferred: true });
});

test('TTL mismatch is not preferred when later records take the changed TTL (no $TTL, no SOA)', () => {
  const input = 'www 300 A 192.0.2.1\nwww 600 A 192.0.2.2\nmail A 192.0.2.3\n';
  checkFix(input, 'zone-ttl-mismatch', 'www 300 A 192.0.2.1\nwww 300 A 192.0.2.2\nmail A 192.0.2.3\n', { preferred: false, options: { origin: 'example.com.', wholeZone: false } });
});

test('no $TTL: the SOA minimum inserted as $TTL before the SOA, after leading comments', () => {
  const body = '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n  IN NS ns1\n  IN NS ns2\nns1 IN A 192.0.2.1\nns2 IN A 192.0.2.2\n';
  checkFix('; example.com\n' + body, 'zone-no-default-ttl', '; example.com\n$TTL 3600\n' + body, { preferred: true });
});

test('no TTL at all: $TTL at the top or a TTL on the record, neither preferred', () => {
  const input = '; fragment\n\nwww IN A 192.0.2.1\n';
  const options = { origin: 'example.com.', wholeZone: false };
  checkFix(input, 'syntax-no-ttl', '; fragment\n\n$TTL 3600\nwww IN A 192.0.2.1\n', { title: /\$TTL/, preferred: false, options });
  checkFix(input, 'syntax-no-ttl', '; fragment\n\nwww 3600 IN A 192.0.2.1\n', { title: /this record/, preferred: false, options });
});

test('duplicate record: its line deleted, comments on it kept on a line of their own', () => {
  checkFix(HEAD + 'www IN A 192.0.2.1\nwww IN A 192.0.2.1\nmail IN A 192.0.2.3\n', 'zone-duplicate-record', HEAD + 'www IN A 192.0.2.1\nmail IN A 192.0.2.3\n', { preferred: true });
  checkFix(HEAD + 'www IN A 192.0.2.1\nwww IN A 192.0.2.1 ; old copy\n', 'zone-duplicate-record', HEAD + 'www IN A 192.0.2.1\n; old copy\n', { preferred: true });
});

test('duplicate record over several lines: the parentheses and every comment kept right', () => {
  const input = HEAD + 'www IN TXT "a" "b"\nwww IN TXT ( "a" ; first\n    "b" ; second\n  ) ; end\n; after\n';
  checkFix(input, 'zone-duplicate-record', HEAD + 'www IN TXT "a" "b"\n; first\n; second\n; end\n; after\n', { preferred: true });
});

test('duplicate record whose owner the next record inherits: the owner moves down', () => {
  const input = HEAD + 'www    IN A 192.0.2.1\nmail   IN A 192.0.2.3\nwww    IN A 192.0.2.1\n       IN TXT "web"\n';
  checkFix(input, 'zone-duplicate-record', HEAD + 'www    IN A 192.0.2.1\nmail   IN A 192.0.2.3\nwww    IN TXT "web"\n', { preferred: true });
});

test('duplicate record with a TTL later records inherit is not preferred', () => {
  const input = 'www 300 A 192.0.2.1\nwww 300 A 192.0.2.1\nmail A 192.0.2.3\n';
  checkFix(input, 'zone-duplicate-record', 'www 300 A 192.0.2.1\nmail A 192.0.2.3\n', { preferred: false, options: { origin: 'example.com.', wholeZone: false } });
});

test('unquoted mail records are quoted; over 255 octets they are split at a blank', () => {
  checkFix(HEAD + '@ IN TXT v=spf1 ip4:192.0.2.0/24 -all\n', 'txt-unquoted-spaces', HEAD + '@ IN TXT "v=spf1 ip4:192.0.2.0/24 -all"\n', { preferred: true });
  const terms = Array.from({ length: 20 }, (_, i) => `ip4:192.0.2.${i}/32`);
  const input = HEAD + `@ IN TXT v=spf1 ${terms.join(' ')} -all\n`;
  const { parsed, diagnostics } = lint(input);
  const action = codeActions(parsed, input, diagnostics.filter((d) => d.code === 'txt-unquoted-spaces'), URI)[0];
  const output = apply(input, action.edit!.changes![URI]);
  const strings = [...output.slice(HEAD.length).matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  assert.ok(strings.length > 1 && strings.every((s) => s.length <= 255), 'split into strings of at most 255 octets');
  assert.equal(strings.join(''), `v=spf1 ${terms.join(' ')} -all`);
  assert.deepEqual(codes(lint(output).diagnostics), []);
});

test("unquoted ';': the whole value quoted, preferred only when the rest reads as tags", () => {
  checkFix(HEAD + '_dmarc IN TXT v=DMARC1; p=reject; rua=mailto:d@example.com\n', 'txt-unquoted-semicolon', HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n', { preferred: true });
  const { parsed, diagnostics } = lint(HEAD + '_dmarc IN TXT v=DMARC1; p=reject; managed by the mail team\n');
  const actions = codeActions(parsed, HEAD + '_dmarc IN TXT v=DMARC1; p=reject; managed by the mail team\n', diagnostics, URI);
  assert.equal(actions.length, 1);
  assert.equal(actions[0].isPreferred, undefined);
});

test('strings glued inside a term get the separator; leading whitespace is trimmed', () => {
  checkFix(HEAD + '@ IN TXT "v=spf1 mx" "-all"\n', 'txt-split-inside-term', HEAD + '@ IN TXT "v=spf1 mx" " -all"\n', { preferred: true });
  checkFix(HEAD + '_dmarc IN TXT "v=DMARC1; p=reject" "rua=mailto:d@example.com"\n', 'txt-split-inside-term', HEAD + '_dmarc IN TXT "v=DMARC1; p=reject" "; rua=mailto:d@example.com"\n', { preferred: true });
  checkFix(HEAD + '@ IN TXT "  v=spf1 -all"\n', 'txt-leading-space', HEAD + '@ IN TXT "v=spf1 -all"\n', { preferred: true });
});

test('typographic quotes become ASCII quoting; a lone apostrophe is not preferred', () => {
  checkFix(HEAD + '@ IN TXT “v=spf1 mx -all”\n', 'zone-typographic-quotes', HEAD + '@ IN TXT "v=spf1 mx -all"\n', { preferred: true });
  checkFix(HEAD + '@ IN TXT "“v=spf1 -all”"\n', 'zone-typographic-quotes', HEAD + '@ IN TXT "v=spf1 -all"\n', { preferred: true });
  checkFix(HEAD + '@ IN TXT "v=spf1 include:bob’s -all"\n', 'zone-typographic-quotes', HEAD + '@ IN TXT "v=spf1 include:bobs -all"\n', { preferred: false });
  checkFix(HEAD + 'motto IN TXT "we “deliver”"\n', 'zone-non-ascii-text', HEAD + 'motto IN TXT "we deliver"\n', { preferred: false });
});

test('CAA: flags, tags, issue values and iodef', () => {
  checkFix(HEAD + '@ IN CAA 1 issue "letsencrypt.org"\n', 'caa-flags-reserved', HEAD + '@ IN CAA 0 issue "letsencrypt.org"\n', { preferred: true });
  checkFix(HEAD + '@ IN CAA 128 isue "letsencrypt.org"\n', 'caa-critical-unknown-tag', HEAD + '@ IN CAA 128 issue "letsencrypt.org"\n', { title: /tag/, preferred: false });
  checkFix(HEAD + '@ IN CAA 0 issuewlid "letsencrypt.org"\n', 'caa-unknown-tag', HEAD + '@ IN CAA 0 issuewild "letsencrypt.org"\n', { preferred: false });
  checkFix(HEAD + '@ IN CAA 0 issue "https://letsencrypt.org"\n', 'caa-issue-value', HEAD + '@ IN CAA 0 issue "letsencrypt.org"\n', { preferred: true });
  checkFix(HEAD + '@ IN CAA 0 issue "letsencrypt.org; accounturl=https://acme.example/acct/1"\n', 'caa-issue-value', HEAD + '@ IN CAA 0 issue "letsencrypt.org; accounturi=https://acme.example/acct/1"\n', { preferred: false });
  checkFix(HEAD + '@ IN CAA 0 iodef "security@example.com"\n', 'caa-iodef-scheme', HEAD + '@ IN CAA 0 iodef "mailto:security@example.com"\n', { preferred: true });
});

test('critical unknown CAA tag: clearing the flag is offered too', () => {
  const input = HEAD + '@ IN CAA 128 isue "letsencrypt.org"\n';
  const { parsed, diagnostics } = lint(input);
  const flags = codeActions(parsed, input, diagnostics, URI).find((a) => /flags/.test(a.title));
  assert.ok(flags);
  const output = apply(input, flags.edit!.changes![URI]);
  assert.equal(output, HEAD + '@ IN CAA 0 isue "letsencrypt.org"\n');
  assert.deepEqual(codes(lint(output).diagnostics), ['caa-unknown-tag']);
});

test('NSEC3 parameters: preferred in an unsigned zone, only offered once the zone is signed', () => {
  checkFix(HEAD + '@ IN NSEC3PARAM 1 0 10 -\n', 'dnssec-nsec3-iterations', HEAD + '@ IN NSEC3PARAM 1 0 0 -\n', { preferred: true });
  checkFix(HEAD + '@ IN NSEC3PARAM 1 0 0 AABBCCDD\n', 'dnssec-nsec3-salt', HEAD + '@ IN NSEC3PARAM 1 0 0 -\n', { preferred: true });
  const signed = HEAD + '@ IN NSEC3PARAM 1 0 10 -\n@ IN RRSIG NSEC3PARAM 13 2 3600 20990101000000 20240101000000 6621 example.com. ysKWKDGIjVBCVJn2uWblCD9cLCWZEH8NrhRThSKI3Jym3GO7qDbXNSiXigDwBTk4QDVljWE2gMOOUqniHwvzsQ==\n';
  const { parsed, diagnostics } = lint(signed);
  const actions = codeActions(parsed, signed, diagnostics.filter((d) => d.code === 'dnssec-nsec3-iterations'), URI);
  assert.equal(actions.length, 1);
  assert.equal(actions[0].isPreferred, undefined);
});

test('SOA contact with @, timers, owner; aliases replaced by canonical names', () => {
  const soa = (rname: string) => `$TTL 3600\n@    IN SOA ns1 ${rname} 2024010101 7200 3600 1209600 3600\n` + HEAD.split('\n').slice(2).join('\n');
  checkFix(soa('hostmaster@example.com.'), 'soa-rname-at-sign', soa('hostmaster.example.com.'), { preferred: true });
  checkFix(soa('hostmaster@mail'), 'soa-rname-at-sign', soa('hostmaster.mail.'), { preferred: false });
  checkFix(HEAD + 'mx IN MX 10 mail\nmail IN CNAME host\nhost IN A 192.0.2.5\n', 'mx-target-cname', HEAD + 'mx IN MX 10 host.example.com.\nmail IN CNAME host\nhost IN A 192.0.2.5\n', { preferred: false });
});

test('host name with an underscore: hyphen offered, not preferred', () => {
  checkFix(HEAD + 'my_host IN A 192.0.2.7\n', 'zone-hostname-syntax', HEAD + 'my-host IN A 192.0.2.7\n', { preferred: false });
});

test('blank owner after $ORIGIN: the new origin or the current owner written', () => {
  const input = HEAD + 'mail IN A 192.0.2.3\n$ORIGIN sub.example.com.\n  IN A 192.0.2.4\n';
  checkFix(input, 'zone-blank-owner-after-origin', HEAD + 'mail IN A 192.0.2.3\n$ORIGIN sub.example.com.\n@  IN A 192.0.2.4\n', { title: /@/, preferred: false });
});

test('TLSA mnemonic replaced by its number, preferred', () => {
  const hex = 'ab'.repeat(32);
  checkFix(HEAD + `_25._tcp.ns1 IN TLSA 3 1 SHA2-256 ${hex}\n`, 'syntax-rdata-field', HEAD + `_25._tcp.ns1 IN TLSA 3 1 1 ${hex}\n`, { preferred: true });
});

test('unknown rule id in a suppression: the closest id offered', () => {
  checkFix(HEAD + 'www IN A 192.0.2.1 ; zonelint-disable-line zone-duplicate-recrd\n', 'syntax-unknown-suppression', HEAD + 'www IN A 192.0.2.1 ; zonelint-disable-line zone-duplicate-record\n', { preferred: false });
});

test('actions carry LSP ranges of the text and no diagnostics without the callback', () => {
  const input = HEAD + 'nomail IN MX 10 .\n';
  const { parsed, diagnostics } = lint(input);
  const [action] = codeActions(parsed, input, diagnostics, URI);
  assert.equal(action.diagnostics, undefined);
  const d = diagnostics[0];
  const lines = new LineIndex(input);
  assert.deepEqual(action.edit!.changes![URI], [{ range: { start: lines.position(d.start), end: lines.position(d.end) }, newText: '0' }]);
  assert.deepEqual(codeActions(parsed, input, [{ ...d, file: 1 }], URI), [], 'diagnostics of included files are skipped');
  assert.deepEqual(codeActions(parsed, input, [{ ...d, data: undefined }], URI), [], 'no data, no fix');
});

test('fix-all: overlapping fixes wait for the next run; the action has the fix-all kind', () => {
  // The duplicate's TTL mismatch lies inside the duplicate: deleting the record fixes both.
  const input = HEAD + 'www 300 IN A 192.0.2.1\nwww 600 IN A 192.0.2.1\n';
  const { parsed, diagnostics } = lint(input);
  const plan = planFixAll(parsed, input, diagnostics);
  assert.equal(plan.fixed.length, 1);
  const action = fixAllAction(parsed, input, diagnostics, URI);
  assert.equal(action?.kind, FIX_ALL_KIND);
  const output = apply(input, fixAll(parsed, input, diagnostics));
  assert.deepEqual(codes(lint(output).diagnostics), []);
  assert.equal(fixAllAction(lint(HEAD).parsed, HEAD, [], URI), undefined);
});

test('fix-all of mixed.zone gives mixed.fixed.zone', () => {
  const input = readFileSync(join(FIXTURES, 'codeActions', 'mixed.zone'), 'utf8');
  const expected = readFileSync(join(FIXTURES, 'codeActions', 'mixed.fixed.zone'), 'utf8');
  const { parsed, diagnostics } = lintText(input);
  const output = apply(input, fixAll(parsed, input, diagnostics));
  assert.equal(output, expected);
  assert.deepEqual(codes(lintText(output).diagnostics), ['zone-relative-target-fqdn']);
});

/** Lints as the fixture tests do. */
function lintFixture(name: string, text: string) {
  return lintText(text, name === 'valid-fragment.zone' ? { origin: 'example.com.' } : {});
}

for (const dir of ['structure', 'content']) {
  for (const name of readdirSync(join(FIXTURES, dir)).filter((f) => f.endsWith('.zone')).sort()) {
    test(`fix-all keeps every record and comment of ${dir}/${name}`, () => {
      const input = readFileSync(join(FIXTURES, dir, name), 'utf8');
      const before = lintFixture(name, input);
      const plan = planFixAll(before.parsed, input, before.diagnostics);
      const output = apply(input, fixAll(before.parsed, input, before.diagnostics));
      const after = lintFixture(name, output);
      // None of the fixed diagnostics is left and none appears, except a duplicate made when two
      // faulty records are fixed into the same one; the next run deletes it.
      // A fix may also reveal a fault the broken text hid (a DKIM key that now parses and is
      // weak): such a diagnostic is allowed when it has no fix of its own.
      const revealed = new Set(after.diagnostics.filter((d) => !codes(before.diagnostics).includes(d.code) && fixesFor(after.parsed, output, d).length === 0).map((d) => d.code));
      const left = codes(after.diagnostics).filter((c) => (c !== 'zone-duplicate-record' || codes(before.diagnostics).includes(c)) && !revealed.has(c));
      const allowed = without(codes(before.diagnostics), codes(plan.fixed));
      assert.deepEqual(without(left, allowed), [], `left or new after fix-all: ${without(left, allowed).join(', ')}`);
      // Every owner and type is still there; only duplicates are deleted.
      const deleted = plan.fixed.filter((d) => d.code === 'zone-duplicate-record').length;
      const records = (z: typeof before) => z.parsed.records.filter((r) => r.file === 0).map((r) => `${r.owner.toLowerCase()} ${r.type}`);
      assert.equal(records(after).length, records(before).length - deleted);
      assert.deepEqual([...new Set(records(after))].sort(), [...new Set(records(before))].sort());
      // Every comment is still a comment, except what an unquoted ';' cut off, which is now part of the value.
      const comments = new Set(after.parsed.comments.filter((c) => c.file === 0).map((c) => c.text));
      const swallowed = new Set(plan.fixed.filter((d) => d.code === 'txt-unquoted-semicolon').map((d) => input.slice(d.start, d.end)));
      for (const c of before.parsed.comments.filter((x) => x.file === 0)) {
        if (swallowed.has(c.text)) assert.ok(output.includes(c.text.slice(1)), `the value after ';' is kept: ${c.text}`);
        else assert.ok(comments.has(c.text), `comment lost: ${c.text}`);
      }
      // A second run fixes what the first had to leave, and then nothing is left to fix.
      const second = apply(output, fixAll(after.parsed, output, after.diagnostics));
      const third = lintFixture(name, second);
      assert.deepEqual(fixAll(third.parsed, second, third.diagnostics), []);
    });
  }
}
