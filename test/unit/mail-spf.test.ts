// The SPF parser: terms, their parts and faults, with indexes into the joined value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIPv6 as formatIp6 } from '../../server/src/service/rdata/ipAddress';
import { closestName, isSpfValue, parseIp4, parseIp6, parseSpf, readMacros, type SpfTerm } from '../../server/src/service/mail/spf';

const slice = (value: string, part: { start: number; end: number }) => value.slice(part.start, part.end);

function only(value: string): SpfTerm {
  const r = parseSpf(value);
  assert.equal(r.terms.length, 1, `one term in ${value}`);
  return r.terms[0];
}

function faults(value: string): string[] {
  const r = parseSpf(value);
  return r.terms.flatMap((t) => t.faults.map((f) => `${f.kind} ${slice(value, f)}`));
}

test('the version and every term carry their indexes into the value', () => {
  const value = 'v=spf1  mx:mail.example.com/24//64 -include:_spf.example.net  ~all ';
  const r = parseSpf(value);
  assert.equal(slice(value, r.version), 'v=spf1');
  assert.deepEqual(
    r.terms.map((t) => slice(value, t)),
    ['mx:mail.example.com/24//64', '-include:_spf.example.net', '~all'],
  );
  const [mx, include, all] = r.terms;
  assert.equal(mx.mechanism, 'mx');
  assert.equal(mx.result, '+');
  assert.equal(mx.qualifier, undefined);
  assert.equal(slice(value, mx.domain!), 'mail.example.com');
  assert.equal(mx.domain!.name, 'mail.example.com');
  assert.equal(mx.cidr4!.length, 24);
  assert.equal(slice(value, mx.cidr4!), '/24');
  assert.equal(mx.cidr6!.length, 64);
  assert.equal(slice(value, mx.cidr6!), '//64');
  assert.equal(include.qualifier, '-');
  assert.equal(slice(value, include.name), 'include');
  assert.equal(include.domain!.name, '_spf.example.net');
  assert.equal(all.mechanism, 'all');
  assert.equal(all.result, '~');
  assert.equal(r.all, all);
  assert.ok(r.terms.every((t) => t.faults.length === 0));
});

test('names are read without regard to case, and the final dot is not part of the name', () => {
  const t = only('V=SPF1 INCLUDE:_SPF.Google.COM.');
  assert.equal(t.mechanism, 'include');
  assert.equal(t.domain!.name, '_spf.google.com');
});

test('modifiers: redirect and exp are known, others are kept as unknown modifiers', () => {
  const value = 'v=spf1 redirect=_spf.example.com exp=explain.%{d} x-vendor=abc';
  const r = parseSpf(value);
  assert.deepEqual(r.terms.map((t) => [t.type, t.modifier ?? t.key]), [['modifier', 'redirect'], ['modifier', 'exp'], ['modifier', 'x-vendor']]);
  assert.equal(r.redirects.length, 1);
  assert.equal(r.exps.length, 1);
  assert.equal(r.exps[0].domain!.hasMacros, true);
  assert.equal(r.exps[0].domain!.name, undefined, 'a name built from macros is not known');
  assert.deepEqual(faults(value), []);
});

test('ip4 and ip6: family, prefix length and host bits', () => {
  assert.deepEqual(faults('v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 ip6:::ffff:192.0.2.1 ip4:0.0.0.0/0'), []);
  assert.deepEqual(faults('v=spf1 ip4:2001:db8::1'), ['ip-invalid ip4:2001:db8::1']);
  assert.deepEqual(faults('v=spf1 ip6:192.0.2.1'), ['ip-invalid ip6:192.0.2.1']);
  assert.deepEqual(faults('v=spf1 ip4:192.0.2.0/33'), ['cidr-invalid /33']);
  assert.deepEqual(faults('v=spf1 ip6:2001:db8::/129'), ['cidr-invalid /129']);
  assert.deepEqual(faults('v=spf1 ip4:192.0.2.0/024'), ['cidr-invalid /024']);
  assert.deepEqual(faults('v=spf1 ip4:192.0.2.0/'), ['cidr-invalid /']);
  assert.deepEqual(faults('v=spf1 ip4:192.0.02.1'), ['ip-invalid 192.0.02.1']);
  assert.deepEqual(faults('v=spf1 ip4:192.0.2.256'), ['ip-invalid 192.0.2.256']);
  assert.deepEqual(faults('v=spf1 ip4'), ['ip-invalid ip4']);
  assert.deepEqual(faults('v=spf1 ip4:'), ['ip-invalid ip4:']);
  const host = only('v=spf1 ip4:192.0.2.77/26');
  assert.equal(host.faults[0].kind, 'host-bits');
  assert.equal(host.faults[0].edit!.text, '192.0.2.64');
  const six = only('v=spf1 ip6:2001:DB8:0:0:8:800:200C:417A/64');
  assert.equal(six.faults[0].edit!.text, '2001:db8::');
  assert.equal(six.network!.family, 6);
});

test('fixes of the family and of leading zeros: only the family swap is certain', () => {
  const swap = only('v=spf1 ip4:2001:db8::1').faults[0].edit!;
  assert.deepEqual([swap.text, swap.certain], ['ip6', true]);
  const zeros = only('v=spf1 ip4:010.0.0.1').faults[0].edit!;
  // 010 may have been meant as octal 8: the fix is offered, not applied on save.
  assert.deepEqual([zeros.text, zeros.certain], ['10.0.0.1', false]);
  const prefix = only('v=spf1 ip4:192.0.2.0/024').faults[0].edit!;
  assert.deepEqual([prefix.text, prefix.certain], ['24', true]);
});

test('a bare address is an address without its mechanism, with ip4: or ip6: to add', () => {
  const value = 'v=spf1 -192.0.2.5 2001:db8::/32';
  const [v4, v6] = parseSpf(value).terms;
  assert.deepEqual(v4.faults.map((f) => [f.kind, f.edit!.text, f.edit!.start, f.edit!.certain]), [['ip-invalid', 'ip4:', value.indexOf('192'), true]]);
  assert.deepEqual(v6.faults.map((f) => [f.kind, f.edit!.text]), [['ip-invalid', 'ip6:']]);
});

test('unknown mechanisms: a modifier written with a colon, a misspelling, a bare domain', () => {
  const redirect = only('v=spf1 redirect:_spf.example.com').faults[0];
  assert.equal(redirect.kind, 'unknown-mechanism');
  assert.deepEqual([redirect.edit!.text, redirect.edit!.certain], ['=', true]);
  const typo = only('v=spf1 inlcude:_spf.google.com').faults[0];
  assert.equal(typo.advice, "Did you mean 'include'?");
  assert.deepEqual([typo.edit!.text, typo.edit!.certain], ['include', false]);
  const alias = only('v=spf1 ipv4:192.0.2.1').faults[0];
  assert.deepEqual([alias.edit!.text, alias.edit!.certain], ['ip4', true]);
  const domain = only('v=spf1 spf.protection.outlook.com').faults[0];
  assert.equal(domain.kind, 'unknown-mechanism');
  assert.equal(domain.edit!.text, 'include:');
  assert.equal(only('v=spf1 foo:bar.example').faults[0].edit, undefined, 'nothing close to foo');
});

test('all takes no argument; stray punctuation after it is removed for sure', () => {
  assert.deepEqual(faults('v=spf1 all:example.com'), ['all-argument :example.com']);
  const dot = only('v=spf1 -all.');
  assert.equal(dot.mechanism, 'all');
  assert.deepEqual([dot.faults[0].kind, dot.faults[0].edit!.certain], ['all-argument', true]);
  assert.equal(only('v=spf1 all/24').faults[0].edit!.certain, false);
});

test('a term glued to the all after it is one fault, with a space to insert', () => {
  for (const [value, at] of [
    ['v=spf1 mx-all', 9],
    ['v=spf1 ip4:192.0.2.1~all', 20],
    ['v=spf1 include:spf.protection.outlook.com-all', 41],
  ] as const) {
    const t = only(value);
    assert.deepEqual(t.faults.map((f) => f.kind), ['missing-space'], value);
    assert.deepEqual([t.faults[0].edit!.start, t.faults[0].edit!.text, t.faults[0].edit!.certain], [at, ' ', true], value);
  }
  // An internationalized top-level domain may end in -all; a name that merely contains all is fine.
  assert.deepEqual(faults('v=spf1 include:spf.xn--ab-all include:mail.install.example'), []);
});

test('an argument written as the next term is one fault on both, and the next term is absorbed', () => {
  const value = 'v=spf1 include: _spf.google.com ip4 192.0.2.1 ~all';
  const r = parseSpf(value);
  assert.deepEqual(r.terms.map((t) => [t.text, t.absorbed === true, t.faults.map((f) => f.kind)]), [
    ['include:', false, ['detached-argument']],
    ['_spf.google.com', true, []],
    ['ip4', false, ['detached-argument']],
    ['192.0.2.1', true, []],
    ['~all', false, []],
  ]);
  assert.equal(slice(value, r.terms[0].faults[0]), 'include: _spf.google.com');
  assert.deepEqual(r.terms[0].faults[0].edit, { start: 15, end: 16, text: '', certain: true, title: "Remove the space after 'include:'" });
  assert.equal(r.terms[2].faults[0].edit!.text, ':');
  // A real term after an empty include is not its argument.
  assert.deepEqual(faults('v=spf1 include: -all'), ['domain-empty include:']);
});

test('a template placeholder with spaces is one fault', () => {
  const value = 'v=spf1 ip4:<IP address> include:<your domain here> -all';
  const r = parseSpf(value);
  const reported = r.terms.filter((t) => t.faults.length);
  assert.deepEqual(reported.map((t) => [t.faults[0].kind, slice(value, t.faults[0])]), [
    ['ip-invalid', '<IP address>'],
    ['domain-invalid', '<your domain here>'],
  ]);
  assert.equal(r.terms.filter((t) => t.absorbed).length, 3);
});

test('domain-specs: fully qualified, a letter in the top label, labels of at most 63', () => {
  const domain = (spec: string) => faults(`v=spf1 include:${spec}`);
  assert.deepEqual(domain('_spf.example.com'), []);
  assert.deepEqual(domain('_spf.example.com.'), []);
  assert.deepEqual(domain('a.b-c'), [], 'a hyphen makes a numeric-looking label a top label');
  assert.deepEqual(domain('%{i}._spf.%{d}'), [], 'a macro may end the name');
  assert.deepEqual(domain('spf'), ['domain-invalid spf']);
  assert.deepEqual(domain('example.123'), ['domain-invalid example.123']);
  assert.deepEqual(domain('192.0.2.1'), ['domain-invalid 192.0.2.1']);
  assert.match(parseSpf('v=spf1 a:192.0.2.1').terms[0].faults[0].advice!, /ip4:192\.0\.2\.1/);
  assert.deepEqual(domain('spf..example.com'), ['domain-invalid ..']);
  assert.deepEqual(domain('example.com_'), ['domain-invalid com_']);
  assert.deepEqual(domain('<domain>'), ['domain-invalid <domain>']);
  assert.deepEqual(domain('bücher.example'), ['domain-invalid ü']);
  const long = 'x'.repeat(64);
  assert.deepEqual(domain(`${long}.example.com`), [`domain-invalid ${long}`]);
  const tooLong = Array.from({ length: 5 }, () => 'y'.repeat(60)).join('.') + '.com';
  assert.equal(domain(tooLong)[0], `domain-invalid ${tooLong}`);
  assert.deepEqual(faults('v=spf1 include: exists:'), ['domain-empty include:', 'domain-empty exists:']);
  assert.deepEqual(faults('v=spf1 redirect='), ['domain-empty redirect=']);
});

test('macros follow RFC 7208 §7.1', () => {
  const problems = (text: string) => readMacros(text, 0).map((m) => [m.text, m.problem !== undefined]);
  assert.deepEqual(problems('%{ir}.%{l1r+-}.%{D}.%{v}%%%_%-'), [
    ['%{ir}', false],
    ['%{l1r+-}', false],
    ['%{D}', false],
    ['%{v}', false],
    ['%%', false],
    ['%_', false],
    ['%-', false],
  ]);
  assert.deepEqual(problems('%{x}%{c}%{i0}%{d2r*}%{}'), [
    ['%{x}', true],
    ['%{c}', true],
    ['%{i0}', true],
    ['%{d2r*}', true],
    ['%{}', true],
  ]);
  assert.deepEqual(problems('100%.a'), [['%.', true]]);
  assert.deepEqual(problems('%{d'), [['%{d', true]]);
  assert.deepEqual(faults('v=spf1 exists:%{i}.%{x}.example.net'), ['macro-invalid %{x}']);
  // A macro fault in an unknown modifier is a syntax error too.
  assert.deepEqual(faults('v=spf1 foo=%{q}'), ['macro-invalid %{q}']);
});

test('dual CIDR lengths on a and mx', () => {
  const a = only('v=spf1 a//64');
  assert.equal(a.cidr4, undefined);
  assert.equal(a.cidr6!.length, 64);
  assert.deepEqual(faults('v=spf1 a/24//129 mx/33 a/x'), ['cidr-invalid //129', 'cidr-invalid /33', 'cidr-invalid /x']);
  // A slash inside a macro's delimiters is not the prefix length.
  const macro = only('v=spf1 a:%{l/}.example.com/24');
  assert.deepEqual(macro.faults, []);
  assert.equal(macro.cidr4!.length, 24);
});

test('address helpers', () => {
  assert.deepEqual(parseIp4('192.0.2.1'), [192, 0, 2, 1]);
  assert.equal(parseIp4('192.0.2.01'), undefined);
  assert.equal(parseIp4('1.2.3'), undefined);
  assert.deepEqual(parseIp6('::'), [0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(parseIp6('2001:db8::192.0.2.1'), [0x2001, 0xdb8, 0, 0, 0, 0, 0xc000, 0x0201]);
  assert.equal(parseIp6('2001:db8:::1'), undefined);
  assert.equal(parseIp6('1:2:3:4:5:6:7:8:9'), undefined);
  assert.equal(parseIp6('1:2:3:4:5:6:7'), undefined);
  assert.equal(parseIp6('192.0.2.1::'), undefined);
  assert.equal(formatIp6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1]), '2001:db8::1:0:0:1');
  assert.equal(formatIp6([0, 0, 0, 0, 0, 0, 0, 0]), '::');
  assert.equal(formatIp6([1, 0, 2, 3, 4, 5, 6, 7]), '1:0:2:3:4:5:6:7', 'a single zero group is not shortened');
});

test('the SPF version tag and the closest-name helper', () => {
  assert.equal(isSpfValue('v=spf1'), true);
  assert.equal(isSpfValue('V=SPF1 -all'), true);
  assert.equal(isSpfValue('v=spf10 -all'), false);
  assert.equal(isSpfValue('v=spf1include:x'), false);
  assert.equal(closestName('inlcude', ['include', 'exists']), 'include');
  assert.equal(closestName('redirct', ['redirect', 'exp']), 'redirect');
  assert.equal(closestName('foo', ['redirect', 'exp']), undefined);
});
