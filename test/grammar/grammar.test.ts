// The TextMate grammar (syntaxes/dns-zone.tmLanguage.json) as VS Code runs it: the fixture
// zone is tokenized line by line with each line's rule stack carried to the next, and the
// scopes of named pieces of its lines are checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertNotScope, assertScope, grammarPath, scopeName, tokenize, type TokenizedLine } from './tokenize';

const root = join(__dirname, '..', '..');
const fixture = readFileSync(join(root, 'test', 'fixtures', 'grammar', 'highlight.zone'), 'utf8');

let linesPromise: Promise<TokenizedLine[]> | undefined;
/** The fixture line that starts with `prefix` (exactly one must), tokenized in context. */
async function line(prefix: string): Promise<TokenizedLine> {
  linesPromise ??= tokenize(fixture);
  const found = (await linesPromise).filter((l) => l.line.startsWith(prefix));
  assert.equal(found.length, 1, `${found.length} fixture lines start with ${JSON.stringify(prefix)}`);
  return found[0];
}

test('package.json contributes this grammar for the dns-zone language', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const contributed = pkg.contributes.grammars.find((g: { language: string }) => g.language === 'dns-zone');
  assert.equal(contributed.scopeName, scopeName);
  assert.equal(join(root, contributed.path), grammarPath);
  assert.equal(JSON.parse(readFileSync(grammarPath, 'utf8')).scopeName, scopeName);
});

test('a ; inside a quoted string is not a comment; one after the string is', async () => {
  const l = await line('semi ');
  assertScope(l, 'a;b', 'string.quoted.double');
  assertNotScope(l, 'a;b', 'comment');
  assertScope(l, '; a real comment', 'comment.line.semicolon', { whole: true });
  assertNotScope(l, '; a real comment', 'string');
  // A comment ends the line: nothing else starts inside it.
  const c = await line('@ 3600 IN SOA');
  assertScope(c, '; serial', 'comment.line.semicolon', { whole: true });
});

test('owner names at column 0 are entity names; a line starting with blanks has no owner', async () => {
  assertScope(await line('www '), 'www', 'entity.name.tag.owner', { whole: true });
  assertScope(await line('sel._domainkey '), 'sel._domainkey', 'entity.name.tag.owner', { whole: true });
  const apex = await line('@ 3600 IN SOA');
  assertScope(apex, '@', 'entity.name.tag.owner', { whole: true });
  assertScope(apex, '@', 'variable.language.origin');
  const blank = await line('\tIN NS');
  assert.ok(!blank.tokens.some((t) => t.scopes.some((s) => s.startsWith('entity.name.tag.owner'))), 'no owner on a line that starts with a tab');
  assertScope(blank, 'IN', 'storage.modifier.class', { whole: true });
  assertScope(blank, 'NS', 'support.type.record', { whole: true });
  // RDATA names are not owners.
  assertNotScope(blank, 'ns1', 'entity.name');
  assertNotScope(apex, 'hostmaster', 'entity.name');
});

test('a TTL before the type is a TTL; numbers in the RDATA are not', async () => {
  const soa = await line('@ 3600 IN SOA');
  assertScope(soa, '3600', 'constant.numeric.ttl', { whole: true });
  assertScope(soa, 'IN', 'storage.modifier.class', { whole: true });
  assertScope(soa, 'SOA', 'support.type.record', { whole: true });
  assertScope(soa, '2024010101', 'constant.numeric', { whole: true });
  assertNotScope(soa, '2024010101', 'constant.numeric.ttl');
  // The SOA timers continue inside the parentheses on the next line.
  const timers = await line('      7200 3600');
  for (const n of ['7200', '3600', '1209600', '300']) {
    assertScope(timers, n, 'constant.numeric', { whole: true });
    assertNotScope(timers, n, 'constant.numeric.ttl');
  }
  assertScope(timers, ')', 'punctuation.section.parens');
  const mx = await line('after ');
  assertScope(mx, '60', 'constant.numeric.ttl', { whole: true });
  assertScope(mx, '10', 'constant.numeric', { whole: true });
  assertNotScope(mx, '10', 'constant.numeric.ttl');
  const ttl = await line('$TTL');
  assertScope(ttl, '$TTL', 'keyword.control.directive', { whole: true });
  assertScope(ttl, '1h', 'constant.numeric.ttl', { whole: true });
});

test('records without a class: TTL, then the type, then the RDATA', async () => {
  const a = await line('www ');
  assertScope(a, '300', 'constant.numeric.ttl', { whole: true });
  assertScope(a, 'A', 'support.type.record', { whole: true });
  assertScope(a, '192.0.2.1', 'constant.numeric.address', { whole: true });
  assert.ok(!a.tokens.some((t) => t.scopes.some((s) => s.startsWith('storage.modifier.class'))));
  const aaaa = await line('noclass ');
  assertScope(aaaa, 'AAAA', 'support.type.record', { whole: true });
  assertScope(aaaa, '2001:db8::1', 'constant.numeric.address', { whole: true });
});

test('TXT split over several strings and lines in parentheses', async () => {
  const first = await line('sel._domainkey ');
  assertScope(first, '(', 'punctuation.section.parens', { whole: true });
  assertScope(first, '"v=DKIM1; k=rsa; "', 'string.quoted.double');
  const middle = await line('    "p=MIIB');
  assertScope(middle, '"p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"', 'string.quoted.double');
  assertScope(middle, '; the key', 'comment.line.semicolon', { whole: true });
  const last = await line('    "IDAQAB"');
  assertScope(last, '"IDAQAB"', 'string.quoted.double');
  assertScope(last, ')', 'punctuation.section.parens', { whole: true });
  assertNotScope(last, ')', 'string');
  // After the closing parenthesis the next line is a record of its own again.
  assertScope(await line('after '), 'after', 'entity.name.tag.owner', { whole: true });
});

test('a string continues onto the next line after an escaped newline', async () => {
  const first = await line('long ');
  assertScope(first, '"first line \\', 'string.quoted.double');
  assertScope(first, '\\', 'constant.character.escape');
  const second = await line('second line');
  assertScope(second, 'second line"', 'string.quoted.double');
  assertNotScope(second, 'second', 'entity.name');
  assertScope(second, ')', 'punctuation.section.parens', { whole: true });
  assertScope(second, '; ends here', 'comment.line.semicolon', { whole: true });
});

test('a string not closed on its line is marked, and the next line starts afresh', async () => {
  const broken = await line('broken ');
  assertScope(broken, '"never closed ; not a comment', 'invalid.illegal.unterminated-string');
  assertNotScope(broken, '; not a comment', 'comment');
  const next = await line('next ');
  assertScope(next, 'next', 'entity.name.tag.owner', { whole: true });
  assertScope(next, '300', 'constant.numeric.ttl', { whole: true });
  assertNotScope(next, '192.0.2.2', 'string');
});

test('escapes in strings', async () => {
  const l = await line('esc ');
  assertScope(l, '\\"', 'constant.character.escape', { whole: true });
  assertScope(l, { text: '\\"', nth: 2 }, 'constant.character.escape', { whole: true });
  assertScope(l, '\\059', 'constant.character.escape', { whole: true });
  // An escaped backslash just before the closing quote does not escape the quote.
  assertScope(l, '\\\\', 'constant.character.escape', { whole: true });
  assertScope(l, { text: '"', at: l.line.length - 1 }, 'punctuation.definition.string.end', { whole: true });
  assertScope(l, 'hi', 'string.quoted.double');
  assertNotScope(l, 'hi', 'constant.character.escape');
});

test('$GENERATE: range, owner and RDATA with substitutions', async () => {
  const l = await line('$GENERATE');
  assertScope(l, '$GENERATE', 'keyword.control.directive', { whole: true });
  assertScope(l, '1-100/2', 'constant.numeric.range.generate', { whole: true });
  assertScope(l, 'host-', 'entity.name.tag.owner');
  assertScope(l, { text: '$', nth: 2 }, 'variable.other.substitution.generate', { whole: true });
  assertScope(l, { text: 'A', at: l.line.indexOf(' A ') + 1 }, 'support.type.record', { whole: true });
  assertScope(l, '${0,3,d}', 'variable.other.substitution.generate', { whole: true });
});

test('TYPEnnn and \\# generic RDATA', async () => {
  const l = await line('unknown ');
  assertScope(l, 'TYPE65280', 'support.type.record.generic', { whole: true });
  assertScope(l, '\\#', 'keyword.operator.generic-rdata', { whole: true });
  assertScope(l, '4', 'constant.numeric', { whole: true });
  assertNotScope(l, '4', 'constant.numeric.ttl');
});

test('SPF terms inside the string', async () => {
  const l = await line('spf ');
  assertScope(l, 'v=spf1', 'keyword.other.version.spf', { whole: true });
  assertScope(l, 'ip4', 'keyword.other.mechanism.spf', { whole: true });
  assertScope(l, '192.0.2.0', 'constant.numeric.address', { whole: true });
  assertScope(l, 'include', 'keyword.other.mechanism.spf', { whole: true });
  assertScope(l, '~', 'keyword.operator.qualifier.spf', { whole: true });
  assertScope(l, 'all', 'keyword.other.mechanism.spf', { whole: true });
  assertScope(l, 'redirect', 'keyword.other.modifier.spf', { whole: true });
  // The domain after include: is text, not a mechanism, even where it has one's name in it.
  assertNotScope(l, '_spf.example.net', 'keyword');
  for (const t of l.tokens.filter((t) => t.start > l.line.indexOf('"'))) assert.ok(t.scopes.some((s) => s.startsWith('string.quoted.double')), `${JSON.stringify(t.text)} is inside the string`);
});

test('DMARC tags inside the string', async () => {
  const l = await line('_dmarc ');
  assertScope(l, 'DMARC1', 'keyword.other.version.dmarc', { whole: true });
  for (const tag of ['rua', 'pct']) assertScope(l, tag, 'variable.parameter.tag.dmarc', { whole: true });
  assertScope(l, { text: 'p', at: l.line.indexOf('p=') }, 'variable.parameter.tag.dmarc', { whole: true });
  assertScope(l, 'reject', 'constant.language.policy.dmarc', { whole: true });
  assertScope(l, 'mailto:dmarc@example.com', 'markup.underline.link', { whole: true });
  assertScope(l, '; p', 'string.quoted.double');
  assertNotScope(l, '; p', 'comment');
});

test('DKIM tags inside strings, also in the continuation strings', async () => {
  const first = await line('sel._domainkey ');
  assertScope(first, 'DKIM1', 'keyword.other.version.dkim', { whole: true });
  assertScope(first, { text: 'k', at: first.line.indexOf('k=') }, 'variable.parameter.tag.dkim', { whole: true });
  assertScope(first, 'rsa', 'constant.language.key-type.dkim', { whole: true });
  assertNotScope(first, '; ', 'comment');
  const middle = await line('    "p=MIIB');
  assertScope(middle, { text: 'p', at: middle.line.indexOf('p=') }, 'variable.parameter.tag.dkim', { whole: true });
});
