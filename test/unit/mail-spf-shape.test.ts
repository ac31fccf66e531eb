// The quick reading of SPF records (spfShape): what it tells must be what parseSpf reads, for the
// records of the fixtures and for many records made of common and faulty terms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpf, SPF_LOOKUP_MECHANISMS, type SpfRecord } from '../../server/src/service/mail/spf';
import { lookupName, SpfLookupKind, SpfLookupPlans, SpfLookups, SpfShape, spfShape } from '../../server/src/service/mail/spfShape';
import { filesUnder } from '../helpers/files';

/** The SpfShape bits parseSpf's reading calls for, Faulty and OtherLookup aside. */
function expectedBits(r: SpfRecord): number {
  let bits = 0;
  if (r.all) {
    bits |= SpfShape.All;
    if (r.all.result === '+' || r.all.result === '?') bits |= SpfShape.PermissiveAll;
    if (r.terms.some((t) => t.index > r.all!.index && t.type === 'mechanism')) bits |= SpfShape.TermsAfterAll;
  }
  if (r.redirects.length > 0) bits |= SpfShape.Redirect;
  if (r.redirects.length > 1 || r.exps.length > 1) bits |= SpfShape.SeveralModifiers;
  if (r.terms.filter((t) => t.mechanism === 'include').length > 1) bits |= SpfShape.SeveralIncludes;
  if (r.terms.some((t) => t.mechanism === 'ptr')) bits |= SpfShape.Ptr;
  if (r.terms.some((t) => t.type === 'modifier' && !t.modifier)) bits |= SpfShape.UnknownModifier;
  return bits;
}

const KIND_NAMES: Record<number, string> = { [SpfLookupKind.Include]: 'include', [SpfLookupKind.A]: 'a', [SpfLookupKind.Mx]: 'mx', [SpfLookupKind.Redirect]: 'redirect' };

function check(value: string): number {
  const lookups = new SpfLookups();
  const shape = spfShape(value, lookups);
  const r = parseSpf(value);
  const faulty = r.terms.some((t) => t.faults.length > 0 || t.absorbed);
  if (shape & SpfShape.Faulty) return shape;
  assert.ok(!faulty, `no fault in ${JSON.stringify(value)}`);
  assert.equal(shape & ~SpfShape.OtherLookup, expectedBits(r), `bits of ${JSON.stringify(value)}`);
  // The listed terms are the include, a, mx and redirect terms read without parseTerm, in order;
  // OtherLookup tells that some DNS-querying term is not listed.
  const listed: string[] = [];
  for (let i = 0; i < lookups.count; i++) {
    const name = lookups.starts[i] < 0 ? '' : lookupName(value, lookups, i);
    listed.push(`${KIND_NAMES[lookups.kinds[i]]} ${name} ${lookups.beforeAll[i]}`);
  }
  const allAt = r.all?.index ?? Infinity;
  const querying = r.terms.filter((t) => (t.mechanism && SPF_LOOKUP_MECHANISMS.has(t.mechanism)) || t.modifier === 'redirect');
  const described = querying.map((t) => `${t.mechanism ?? t.modifier} ${t.domain?.name ?? ''} ${t.index < allAt ? 1 : 0}`);
  if (shape & SpfShape.OtherLookup) {
    assert.ok(listed.length < described.length, `a term left unlisted in ${JSON.stringify(value)}`);
    for (const l of listed) assert.ok(described.includes(l), `${l} in ${JSON.stringify(value)}`);
  } else assert.deepEqual(listed, described, `terms listed of ${JSON.stringify(value)}`);
  return shape;
}

test('records written plainly are read without parseSpf, and their bits are what parseSpf reads', () => {
  for (const value of [
    'v=spf1 ip4:198.18.0.20/32 include:_spf.bench.example. -all',
    'v=spf1 mx include:_spf.bench.example. -all',
    'v=spf1 a mx ip4:192.0.2.0/24 ip4:0.0.0.0/0 ~all',
    'v=spf1 include:spf.protection.outlook.com include:_spf.google.com -all',
    'v=spf1 redirect=_spf.example.com',
    'V=SPF1 A:Mail.Example.COM. MX:example.com ?ALL',
    'v=spf1 +all',
    'v=spf1 all mx',
    'v=spf1 exp=explain.example.com include:a.example.com redirect=b.example.com',
    'v=spf1',
    'v=spf1 ',
  ]) {
    const shape = check(value);
    assert.equal(shape & (SpfShape.Faulty | SpfShape.OtherLookup), 0, value);
  }
  assert.equal(check('v=spf1 ip6:2001:db8::/32 -all') & SpfShape.Faulty, 0);
  assert.equal(check('v=spf1 ptr -all'), SpfShape.Ptr | SpfShape.OtherLookup | SpfShape.All);
  assert.equal(check('v=spf1 foo=bar -all'), SpfShape.UnknownModifier | SpfShape.All);
});

test('records with a fault, host bits included, are left to parseSpf', () => {
  for (const value of [
    'v=spf1 ip4:192.0.2.1/24 -all',
    'v=spf1 ip4:192.0.2.01 -all',
    'v=spf1 include: spf.example.com -all',
    'v=spf1 include:<domain> -all',
    'v=spf1 mx-all',
    'v=spf1 all.',
    'v=spf1 include:example -all',
  ]) {
    assert.equal(check(value) & SpfShape.Faulty, SpfShape.Faulty, value);
  }
});


test('the SPF records of the fixtures read the same both ways', () => {
  let n = 0;
  for (const file of filesUnder(join(__dirname, '..', 'fixtures'), (name) => name.endsWith('.zone'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/"(v=spf1[^"]*)"/gi)) {
      check(m[1]);
      n++;
    }
  }
  assert.ok(n > 50, `${n} records`);
});

const TERMS = [
  'all', 'ALL', 'all.', 'all:x', 'allx',
  'include:_spf.example.com', 'include:spf.protection.outlook.com.', 'include:Example.COM', 'include:x', 'include:', 'include',
  'include:foo.-all', 'include:a.example.com-all', 'include:example..com', 'include:.example.com', 'include:example.123', 'include:ex_ample.co-m',
  `include:${'a'.repeat(63)}.com`, `include:${'a'.repeat(64)}.com`, `include:${'abcdefghi.'.repeat(25)}com`, 'include:%{d}.example.com', 'include:ex%ample.com',
  'a', 'a:mail.example.com', 'a/24', 'a:host.example.com/24//64', 'a:', 'a:1.2.3.4', 'A:Host.Example.Com.', 'ab',
  'mx', 'mx:example.com', 'mx/24', 'mx:', 'mxfoo', 'mx:mail.example.com/33',
  'ptr', 'ptr:example.com', 'exists:%{i}._spf.example.com', 'exists:example.com',
  'ip4:192.0.2.1', 'ip4:192.0.2.0/24', 'ip4:192.0.2.1/24', 'ip4:192.0.2.01', 'ip4:256.1.1.1', 'ip4:1.2.3.4/33', 'ip4:1.2.3.4/024',
  'ip4:1.2.3.4/', 'ip4:1.2.3.0/0', 'ip4:0.0.0.0/0', 'ip4:1.2.3.4/32', 'ip4:1.2.3', 'ip4:1.2.3.4.5', 'ip4:', 'ip4', 'ip4:1.2.3.4/1e1', 'ip4:2001:db8::1',
  'ip6:2001:db8::/32', 'ip6:2001:db8::1/64', 'ip6:192.0.2.1', 'IP4:10.0.0.0/8',
  'redirect=_spf.example.com', 'redirect=example.com.', 'REDIRECT=Example.com', 'redirect=', 'redirect:example.com', 'redirect=%{d}',
  'exp=explain.example.com', 'exp=%{d}', 'exp=', 'foo=bar', 'v=spf1', 'x=%{z}',
  '<IP>', 'ip4:<IP', 'address>', '192.0.2.1', 'example.com', 'include:example.com/24', 'includes:example.com', 'ipv4:1.2.3.4',
];
const QUALIFIERS = ['', '', '', '+', '-', '~', '?'];
const BLANKS = [' ', ' ', ' ', '  ', '\t'];

test('records made of common and faulty terms read the same both ways', () => {
  // A fixed pseudo-random sequence (xorshift): the same records on every run.
  let seed = 0x2545f491;
  const next = (n: number) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  let plain = 0;
  for (let k = 0; k < 20000; k++) {
    let value = next(10) === 0 ? 'V=SPF1' : 'v=spf1';
    const count = next(7);
    for (let t = 0; t < count; t++) value += BLANKS[next(BLANKS.length)] + QUALIFIERS[next(QUALIFIERS.length)] + TERMS[next(TERMS.length)];
    if (next(8) === 0) value += ' ';
    if (!(check(value) & SpfShape.Faulty)) plain++;
  }
  assert.ok(plain > 1000, `${plain} records read without parseSpf`);
});

test('the lookup plan lists the terms a walk takes, in its order, and records with the same terms share one', () => {
  const plans = new SpfLookupPlans();
  const lookups = new SpfLookups();
  const plan = (value: string) => plans.planOf(value, spfShape(value, lookups), lookups);
  const described = (value: string) => {
    const p = plan(value);
    return p && p.kinds.map((k, i) => `${KIND_NAMES[k]} ${p.names[i]}`);
  };
  // Mechanisms up to the first all; the redirect last, and only without an all.
  assert.deepEqual(described('v=spf1 redirect=_spf.Example.com. a mx:mail.example.com include:x.example.net'), ['a ', 'mx mail.example.com', 'include x.example.net', 'redirect _spf.example.com']);
  assert.deepEqual(described('v=spf1 include:a.example.com -all include:b.example.com redirect=c.example.com'), ['include a.example.com']);
  assert.deepEqual(described('v=spf1 redirect=a.example.com redirect=b.example.com'), []);
  // Terms only the walk knows, and faults, leave no plan.
  assert.equal(plan('v=spf1 ptr -all'), undefined);
  assert.equal(plan('v=spf1 include: a.example.com -all'), undefined);
  const first = plan('v=spf1 ip4:192.0.2.1 include:_spf.example.com -all');
  assert.equal(plan('v=spf1 ip4:192.0.2.2 INCLUDE:_SPF.example.com. ~all'), first);
  assert.notEqual(plan('v=spf1 ip4:192.0.2.2 include:_spf.example.net -all'), first);
});
