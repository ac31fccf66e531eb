import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { completions, dashedDomain, recordSetSnippet } from '../../server/src/service/features/completion';
import { MAIL_RECORD_SETS } from '../../server/src/service/facts/snippets';
import { lintText } from '../../server/src/service/lint';
import { LineIndex } from '../../server/src/service/zone/lineIndex';
import { parseZone } from '../../server/src/service/zone/parser';

const HEAD = ['$ORIGIN example.com.', '$TTL 3600', '@ SOA ns1 hostmaster 1 7200 3600 1209600 300', '  NS ns1', 'ns1 A 192.0.2.53'].join('\n') + '\n';

/** Completion at the `|` of `input`; the zone is parsed without the `|`. */
function complete(input: string, origin = 'example.com.'): { items: CompletionItem[]; text: string } {
  const offset = input.indexOf('|');
  assert.ok(offset >= 0, 'the input marks the cursor with |');
  const text = input.slice(0, offset) + input.slice(offset + 1);
  return { items: completions(parseZone(text, { origin }), text, offset), text };
}

function labels(input: string, origin?: string): string[] {
  return complete(input, origin).items.map((i) => i.label);
}

function item(input: string, label: string): { item: CompletionItem; text: string } {
  const { items, text } = complete(input);
  const found = items.find((i) => i.label === label);
  assert.ok(found, `no item '${label}' among ${items.map((i) => i.label).join(', ')}`);
  return { item: found, text };
}

/** The text after applying the item's edit. */
function applied(input: string, label: string): string {
  const { item: it, text } = item(input, label);
  const edit = it.textEdit as TextEdit;
  const index = new LineIndex(text);
  return text.slice(0, index.offset(edit.range.start)) + edit.newText + text.slice(index.offset(edit.range.end));
}

/** Snippet text with each placeholder replaced by a sample value (or its default) and escapes undone. */
function fillSnippet(snippet: string, samples: Record<string, string> = {}): string {
  return snippet
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, (_m, d: string) => samples[d] ?? d)
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}

test('in a comment there is nothing to complete', () => {
  assert.deepEqual(labels(HEAD + 'www A 192.0.2.1 ; web |server\n'), []);
  assert.deepEqual(labels(HEAD + '; |\n'), []);
  assert.deepEqual(labels(HEAD + '_dmarc TXT "v=DMARC1; p=none" ; p=|\n'), []);
});

test('at the start of a line: directives, the apex, mail owner names and record sets', () => {
  const got = labels(HEAD + '|\n');
  for (const l of ['$ORIGIN', '$TTL', '$INCLUDE', '$GENERATE', '@', '_dmarc', '<selector>._domainkey', '_mta-sts', '_smtp._tls']) assert.ok(got.includes(l), l);
  for (const set of MAIL_RECORD_SETS) assert.ok(got.includes(set.label), set.label);
  // Without an MX at Microsoft or Google, their selectors are not guessed.
  assert.ok(!got.some((l) => /^(selector1|selector2|google)\._domainkey$/.test(l)));
  assert.ok(!got.some((l) => /domainkey$/.test(l) && !l.includes('_domainkey')), 'never a _domainkey without its underscore');
});

test('directives are snippets with placeholders, and a typed prefix is replaced', () => {
  const { item: ttl } = item(HEAD + '$T|\n', '$TTL');
  assert.equal(ttl.insertTextFormat, 2);
  assert.equal((ttl.textEdit as TextEdit).newText, '\\$TTL ${1:3600}');
  assert.equal(applied(HEAD + '$T|\n', '$TTL'), HEAD + '\\$TTL ${1:3600}\n');
  const origin = item(HEAD + '|\n', '$ORIGIN').item;
  assert.equal((origin.textEdit as TextEdit).newText, '\\$ORIGIN ${1:example.com.}');
});

test('the DKIM selector owner is a snippet with the selector as placeholder', () => {
  const { item: it } = item(HEAD + '|\n', '<selector>._domainkey');
  assert.equal(it.insertTextFormat, 2);
  assert.equal((it.textEdit as TextEdit).newText, '${1:selector}._domainkey');
});

test('Microsoft 365 and Google selectors are offered when the MX points there', () => {
  const m365 = labels(HEAD + '@ MX 0 example-com.mail.protection.outlook.com.\n|\n');
  assert.ok(m365.includes('selector1._domainkey') && m365.includes('selector2._domainkey'));
  assert.ok(!m365.includes('google._domainkey'));
  const google = labels(HEAD + '@ MX 1 smtp.google.com.\n|\n');
  assert.ok(google.includes('google._domainkey'));
  assert.ok(!google.includes('selector1._domainkey'));
  const legacy = labels(HEAD + '@ MX 1 ASPMX.L.GOOGLE.COM.\n|\n');
  assert.ok(legacy.includes('google._domainkey'));
});

test('a _25._tcp name for each MX host in the zone, relative to the origin', () => {
  const zone = HEAD + '@ MX 10 mail\n@ MX 20 mx2.example.com.\n@ MX 30 backup.example.net.\nsub MX 10 mail\n|\n';
  const got = labels(zone).filter((l) => l.startsWith('_25._tcp'));
  // The external host's TLSA belongs in its own zone; the repeated host is offered once.
  assert.deepEqual(got, ['_25._tcp.mail', '_25._tcp.mx2']);
  // Under another $ORIGIN the name is written relative to that one.
  const under = labels(HEAD + '@ MX 10 mail.example.com.\n$ORIGIN example.com.\n|\n').filter((l) => l.startsWith('_25'));
  assert.deepEqual(under, ['_25._tcp.mail']);
});

test('record sets are offered only on an otherwise empty line', () => {
  const got = labels(HEAD + '|www A 192.0.2.1\n');
  assert.ok(got.includes('@'));
  assert.ok(!got.includes('Microsoft 365 mail records'));
});

test('after the owner: record types with summaries, common ones before obsolete ones, and the class', () => {
  const { items } = complete(HEAD + 'www |\n');
  const a = items.find((i) => i.label === 'A')!;
  assert.equal(a.detail, 'IPv4 address of the name.');
  const mx = items.find((i) => i.label === 'MX')!;
  const md = items.find((i) => i.label === 'MD')!;
  assert.ok(mx.sortText! < md.sortText!);
  assert.deepEqual(md.tags, [1]);
  assert.ok(items.some((i) => i.label === 'IN'));
  assert.ok(!items.some((i) => ['OPT', 'TSIG', 'TKEY', 'NULL'].includes(i.label)));
  // No TTL is suggested: only types and the class.
  assert.ok(!items.some((i) => /^[0-9]/.test(i.label)));
});

test('after TTL and class only types; a TTL being typed gets nothing', () => {
  const got = labels(HEAD + 'www 300 IN |\n');
  assert.ok(got.includes('TXT'));
  assert.ok(!got.includes('IN'));
  assert.ok(labels(HEAD + 'www 300 |\n').includes('IN'));
  assert.deepEqual(labels(HEAD + 'www 30|\n'), []);
  assert.equal(applied(HEAD + 'www IN CN|\n', 'CNAME'), HEAD + 'www IN CNAME\n');
});

test('an indented line inherits the owner: types come first', () => {
  const got = labels(HEAD + 'www A 192.0.2.1\n    |\n');
  assert.ok(got.includes('AAAA'));
  assert.ok(!got.includes('$ORIGIN'));
});

test('directive arguments get nothing', () => {
  assert.deepEqual(labels(HEAD + '$TTL |\n'), []);
});

test('TLSA fields: numbers inserted, RFC 7218 names shown, SMTP-usable choices first at _25._tcp', () => {
  const { items } = complete(HEAD + '_25._tcp.mail TLSA |\n');
  assert.deepEqual(
    items.map((i) => [i.label, i.detail]),
    [
      ['0', 'PKIX-TA'],
      ['1', 'PKIX-EE'],
      ['2', 'DANE-TA'],
      ['3', 'DANE-EE'],
    ],
  );
  const sorted = [...items].sort((x, y) => x.sortText!.localeCompare(y.sortText!)).map((i) => i.label);
  assert.deepEqual(sorted.slice(0, 2), ['3', '2']);
  assert.match((items[0].documentation as { value: string }).value, /Unusable for SMTP/);
  assert.deepEqual(labels(HEAD + '_25._tcp.mail TLSA 3 |\n'), ['0', '1']);
  assert.deepEqual(labels(HEAD + '_25._tcp.mail TLSA 3 1 |\n'), ['0', '1', '2']);
  assert.deepEqual(labels(HEAD + '_25._tcp.mail TLSA 3 1 1 |\n'), []);
  // The acronym typed where BIND needs a number is replaced by the number.
  const { item: ee } = item(HEAD + '_25._tcp.mail TLSA DANE-E|\n', '3');
  assert.equal(ee.filterText, 'DANE-EE');
  assert.equal(applied(HEAD + '_25._tcp.mail TLSA DANE-E|\n', '3'), HEAD + '_25._tcp.mail TLSA 3\n');
});

test('CAA flags and tags', () => {
  assert.deepEqual(labels(HEAD + '@ CAA |\n'), ['0', '128']);
  const tags = labels(HEAD + '@ CAA 0 |\n');
  for (const t of ['issue', 'issuewild', 'iodef']) assert.ok(tags.includes(t), t);
  assert.deepEqual(labels(HEAD + '@ CAA 0 issue |\n'), []);
});

test('MX preference and addresses get nothing', () => {
  assert.deepEqual(labels(HEAD + '@ MX |\n'), []);
  assert.deepEqual(labels(HEAD + 'www A |\n'), []);
});

test('SPF terms after v=spf1, never ptr or +all', () => {
  const got = labels(HEAD + '@ TXT "v=spf1 |"\n');
  for (const t of ['include:', 'ip4:', 'ip6:', 'a', 'mx', '-all', '~all', 'redirect=']) assert.ok(got.includes(t), t);
  assert.ok(!got.some((l) => /ptr|\+all/.test(l)));
  assert.equal(applied(HEAD + '@ TXT "v=spf1 mx inc|"\n', 'include:'), HEAD + '@ TXT "v=spf1 mx include:"\n');
  assert.equal(applied(HEAD + '@ TXT "v=spf1 mx ~a|"\n', '-all'), HEAD + '@ TXT "v=spf1 mx -all"\n');
});

test('SPF: no second all or redirect once the record has an all; nothing inside a term\'s argument', () => {
  const got = labels(HEAD + '@ TXT "v=spf1 -all |"\n');
  assert.ok(!got.includes('-all') && !got.includes('~all') && !got.includes('redirect='));
  assert.deepEqual(labels(HEAD + '@ TXT "v=spf1 include:|"\n'), []);
  assert.deepEqual(labels(HEAD + '@ TXT "v=spf1 ip4:192.0.2.0/2|"\n'), []);
  // Before the space that ends the version tag only the whole opening is offered, no term.
  assert.deepEqual(labels(HEAD + '@ TXT "v=spf1|"\n'), ['v=spf1 … -all']);
});

test('SPF terms in the second string of a record joined with the first', () => {
  const { item: it, text } = item(HEAD + '@ TXT ( "v=spf1 mx " "in|" )\n', 'include:');
  const start = (it.textEdit as TextEdit).range.start;
  assert.equal(text.split('\n')[start.line].slice(start.character, start.character + 2), 'in');
});

test('DMARC tags after v=DMARC1; without the ones present, removed ones marked', () => {
  const { items } = complete(HEAD + '_dmarc TXT "v=DMARC1; p=none; |"\n');
  const got = items.map((i) => i.label);
  for (const t of ['sp=', 'np=', 'adkim=', 'aspf=', 'rua=', 'ruf=', 'fo=']) assert.ok(got.includes(t), t);
  assert.ok(!got.includes('p=') && !got.includes('v='));
  assert.deepEqual(items.find((i) => i.label === 'pct=')!.tags, [1]);
  assert.equal(items.find((i) => i.label === 'adkim=')!.command?.command, 'editor.action.triggerSuggest');
  // Right after ';' the tag comes with its space.
  assert.equal(applied(HEAD + '_dmarc TXT "v=DMARC1;|"\n', 'p='), HEAD + '_dmarc TXT "v=DMARC1; p="\n');
});

test('DMARC values after p=, sp=, np=, adkim=, aspf= and fo=', () => {
  assert.deepEqual(labels(HEAD + '_dmarc TXT "v=DMARC1; p=|"\n'), ['none', 'quarantine', 'reject']);
  assert.deepEqual(labels(HEAD + '_dmarc TXT "v=DMARC1; p=reject; sp=|"\n'), ['none', 'quarantine', 'reject']);
  assert.deepEqual(labels(HEAD + '_dmarc TXT "v=DMARC1; p=reject; np=|"\n'), ['none', 'quarantine', 'reject']);
  assert.deepEqual(labels(HEAD + '_dmarc TXT "v=DMARC1; p=none; adkim=|"\n'), ['r', 's']);
  assert.deepEqual(labels(HEAD + '_dmarc TXT "v=DMARC1; p=none; aspf=|"\n'), ['r', 's']);
  assert.deepEqual(labels(HEAD + '_dmarc TXT "v=DMARC1; p=none; fo=1:|"\n'), ['0', '1', 'd', 's']);
  assert.equal(applied(HEAD + '_dmarc TXT "v=DMARC1; p=q|"\n', 'quarantine'), HEAD + '_dmarc TXT "v=DMARC1; p=quarantine"\n');
  assert.equal(applied(HEAD + '_dmarc TXT "v=DMARC1; p=none; fo=1:|"\n', 'd'), HEAD + '_dmarc TXT "v=DMARC1; p=none; fo=1:d"\n');
});

test('DMARC rua offers a mailto: address at the zone', () => {
  const { item: it } = item(HEAD + '_dmarc TXT "v=DMARC1; p=none; rua=|"\n', 'mailto:');
  assert.equal((it.textEdit as TextEdit).newText, 'mailto:${1:dmarc-reports}@example.com');
  assert.deepEqual(labels(HEAD + '_dmarc TXT "v=DMARC1; p=none; rua=mailto:a@example.com|"\n'), []);
});

test('DMARC values on the continuation line of a record in parentheses', () => {
  assert.deepEqual(labels(HEAD + '_dmarc TXT ( "v=DMARC1; "\n    "p=|" )\n'), ['none', 'quarantine', 'reject']);
  // A closed group before the line does not count.
  assert.ok(labels(HEAD + '@ TXT ( "a"\n  "b" )\n|\n').includes('$TTL'));
});

test('DKIM tags after v=DKIM1; and key types after k=', () => {
  const got = labels(HEAD + 'sel._domainkey TXT "v=DKIM1; |"\n');
  for (const t of ['k=', 'p=', 'h=', 't=']) assert.ok(got.includes(t), t);
  assert.deepEqual(labels(HEAD + 'sel._domainkey TXT "v=DKIM1; k=|"\n'), ['rsa', 'ed25519']);
  // A key without v= is still a DKIM key at a _domainkey name.
  assert.deepEqual(labels(HEAD + 'sel._domainkey TXT "k=rsa; h=|"\n'), ['sha256', 'sha1']);
});

test('a TXT record\'s first string starts the record its owner calls for', () => {
  const dmarc = complete(HEAD + '_dmarc TXT |\n').items;
  assert.equal(dmarc.length, 1);
  assert.match((dmarc[0].textEdit as TextEdit).newText, /^"v=DMARC1; p=\$\{1\|none,quarantine,reject\|\}; rua=mailto:\$\{2:dmarc-reports\}@example.com"$/);
  assert.match((complete(HEAD + '@ TXT |\n').items[0].textEdit as TextEdit).newText, /^"v=spf1 /);
  assert.match((complete(HEAD + '_smtp._tls TXT "v|"\n').items[0].textEdit as TextEdit).newText, /^v=TLSRPTv1; rua=mailto:/);
});

test('the Microsoft 365 label is the origin with dots turned to dashes', () => {
  assert.equal(dashedDomain('example.com.'), 'example-com');
  assert.equal(dashedDomain('mail.contoso.co.uk.'), 'mail-contoso-co-uk');
  const snippet = (complete(HEAD + '|\n').items.find((i) => i.label === 'Microsoft 365 mail records')!.textEdit as TextEdit).newText;
  const text = fillSnippet(snippet);
  assert.match(text, /^@ +IN MX +0 example-com\.mail\.protection\.outlook\.com\.$/m);
  assert.match(text, /^selector1\._domainkey IN CNAME selector1-example-com\._domainkey\.tenant\.onmicrosoft\.com\.$/m);
  assert.match(text, /^selector2\._domainkey IN CNAME selector2-example-com\._domainkey\.tenant\.onmicrosoft\.com\.$/m);
  assert.match(text, /^_dmarc +IN TXT +"v=DMARC1; p=none; rua=mailto:dmarc-reports@example\.com"$/m);
  // The set follows the $ORIGIN in effect at the cursor.
  const sub = (complete(HEAD + '$ORIGIN shop.example.com.\n|\n').items.find((i) => i.label === 'Microsoft 365 mail records')!.textEdit as TextEdit).newText;
  assert.match(fillSnippet(sub), /0 shop-example-com\.mail\.protection\.outlook\.com\./);
});

test('every record set parses without errors and lints without errors', () => {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  // A 2048-bit key is longer than one string may be; the user pastes it in pieces.
  const samples = { 'key-from-admin-console': key.slice(0, 200) + '" "' + key.slice(200), tenant: 'examplecorp' };
  for (const set of MAIL_RECORD_SETS) {
    const records = fillSnippet(recordSetSnippet(set, 'example.com.'), samples);
    const alone = parseZone('$TTL 3600\n' + records + '\n', { origin: 'example.com.' });
    assert.deepEqual(alone.diagnostics.filter((d) => d.severity === 'error'), [], set.label);
    assert.equal(alone.records.length, set.records.length, set.label);
    const zone = HEAD + '  NS ns2\nns2 A 192.0.2.54\n' + records + '\n';
    const errors = lintText(zone, { origin: 'example.com.' }).diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), [], set.label);
  }
});

test('a completion in a 100k-record zone reads only around the cursor', () => {
  const lines = [HEAD.trimEnd(), '@ MX 10 mail', 'mail A 192.0.2.25'];
  for (let i = 0; i < 100_000; i++) lines.push(`h${i} A 192.0.2.${i % 250}`);
  const text = lines.join('\n') + '\n_dmarc TXT "v=DMARC1; p=\n';
  const parsed = parseZone(text, { origin: 'example.com.' });
  const offset = text.length - 1;
  // The first call gathers the zone's MX hosts once for this parse.
  assert.ok(completions(parsed, text, offset).some((i) => i.label === 'quarantine'));
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) completions(parsed, text, offset);
  const per = (performance.now() - t0) / 20;
  assert.ok(per < 20, `${per.toFixed(2)} ms per completion`);
});
