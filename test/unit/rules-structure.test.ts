// Structure rules: every rule has a fixture zone with its faults drawn under the code, and
// realistic valid zones must produce none of these diagnostics.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkFixture } from '../helpers/fixture';
import { lintText } from '../../server/src/service/lint';
import { STRUCTURE_RULES } from '../../server/src/service/rules/structure/index';

const FIXTURES = join(__dirname, '..', 'fixtures', 'structure');
const DOCS = join(__dirname, '..', '..', 'docs', 'rules');
const PREFIXES = ['zone-', 'soa-', 'ns-', 'mx-', 'cname-'];
const structureOnly = { only: PREFIXES };
const ids = new Set(STRUCTURE_RULES.map((r) => r.id));

/** Rules whose fault has no characters to draw under: tested on their own below. */
const WITHOUT_FIXTURE = new Set(['soa-missing']);

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.zone')).sort()) {
  test(`structure fixture ${file}`, () => {
    const text = fixture(file);
    const options = file === 'valid-fragment.zone' ? { ...structureOnly, origin: 'example.com.' } : structureOnly;
    const diagnostics = checkFixture(text, options);
    const ruleId = file.replace(/\.zone$/, '');
    if (!file.startsWith('valid-')) {
      assert.ok(ids.has(ruleId), `fixture ${file} is named after no structure rule`);
      assert.ok(diagnostics.some((d) => d.code === ruleId), `fixture ${file} never triggers ${ruleId}`);
    }
  });
}

test('every structure rule has a fixture and a documentation page', () => {
  for (const rule of STRUCTURE_RULES) {
    assert.match(rule.id, /^(zone|soa|ns|mx|cname)-[a-z0-9-]+$/);
    if (!WITHOUT_FIXTURE.has(rule.id)) assert.ok(existsSync(join(FIXTURES, rule.id + '.zone')), `no fixture for ${rule.id}`);
    const doc = join(DOCS, rule.id + '.md');
    assert.ok(existsSync(doc), `no documentation page for ${rule.id}`);
    assert.ok(readFileSync(doc, 'utf8').startsWith(`# ${rule.id}:`), `documentation page of ${rule.id} has another heading`);
  }
  assert.equal(ids.size, STRUCTURE_RULES.length, 'rule ids are unique');
});

test('soa-missing: a whole zone without SOA is an error, a fragment without one is fine', () => {
  const text = '$TTL 3600\n@ IN NS ns1.example.net.\n@ IN NS ns2.example.net.\n';
  const whole = lintText(text, { origin: 'example.com.', wholeZone: true }).diagnostics.filter((d) => d.code === 'soa-missing');
  assert.equal(whole.length, 1);
  assert.equal(whole[0].severity, 'error');
  assert.match(whole[0].message, /no SOA record/);
  const fragment = lintText(text, { origin: 'example.com.' }).diagnostics.filter((d) => PREFIXES.some((p) => d.code.startsWith(p)));
  assert.deepEqual(fragment, []);
});

test('ns-apex-missing and address checks stay quiet in a fragment', () => {
  const text = fixture('valid-fragment.zone');
  const diagnostics = lintText(text, { origin: 'example.com.', wholeZone: false }).diagnostics;
  assert.deepEqual(diagnostics.filter((d) => PREFIXES.some((p) => d.code.startsWith(p))), []);
});

test('quick-fix data: the replacement a fix needs travels with the diagnostic', () => {
  const relative = lintText(fixture('zone-relative-target-fqdn.zone')).diagnostics.filter((d) => d.code === 'zone-relative-target-fqdn');
  assert.deepEqual(
    relative.map((d) => (d.data as { replacement: string }).replacement),
    ['www.example.net.', 'mail.example.com.', 'www.example.com.', 'host.example.org.'],
  );
  assert.match(relative[1].message, /'mail\.example\.com' has no final dot, so it means 'mail\.example\.com\.example\.com\.'/);

  const rname = lintText(fixture('soa-rname-at-sign.zone')).diagnostics.find((d) => d.code === 'soa-rname-at-sign');
  assert.deepEqual(rname?.data, { replacement: 'hostmaster.example.com.' });

  const dotted = lintText(fixture('soa-rname-at-sign.zone').replace('hostmaster@', 'first.last@')).diagnostics.find((d) => d.code === 'soa-rname-at-sign');
  assert.deepEqual(dotted?.data, { replacement: 'first\\.last.example.com.' });

  const ttl = lintText(fixture('zone-no-default-ttl.zone')).diagnostics.find((d) => d.code === 'zone-no-default-ttl');
  const text = fixture('zone-no-default-ttl.zone');
  const data = ttl?.data as { insertAt: number; text: string };
  assert.equal(data.text, '$TTL 3600\n');
  assert.ok(text.slice(data.insertAt).startsWith('example.com. IN SOA'), 'the $TTL goes on the line before the SOA');

  const cname = lintText(fixture('mx-target-cname.zone')).diagnostics.find((d) => d.code === 'mx-target-cname');
  assert.deepEqual(cname?.data, { replacement: 'mail.example.com.' });

  const preference = lintText(fixture('mx-null-preference.zone')).diagnostics.find((d) => d.code === 'mx-null-preference');
  assert.deepEqual(preference?.data, { replacement: '0' });

  const hostname = lintText(fixture('zone-hostname-syntax.zone')).diagnostics.filter((d) => d.code === 'zone-hostname-syntax');
  assert.deepEqual(hostname[0].data, { replacement: 'my-host' });
  assert.equal(hostname[1].data, undefined, "a leading hyphen has no mechanical fix");
});

test('severities follow the catalogue', () => {
  const severity = new Map(STRUCTURE_RULES.map((r) => [r.id, r.severity]));
  for (const id of ['soa-missing', 'soa-multiple', 'soa-not-at-apex', 'ns-apex-missing', 'ns-target-cname', 'ns-missing-glue', 'ns-target-no-address', 'mx-target-no-address', 'cname-other-data', 'cname-multiple', 'cname-loop', 'mx-null-with-others', 'zone-data-below-dname']) {
    assert.equal(severity.get(id), 'error', id);
  }
  for (const id of ['zone-no-default-ttl', 'zone-ttl-mismatch', 'zone-relative-target-fqdn', 'zone-occluded-data', 'soa-timers', 'ns-too-few', 'mx-target-cname', 'mx-null-preference', 'mx-duplicate-host']) {
    assert.equal(severity.get(id), 'warning', id);
  }
  assert.equal(severity.get('zone-duplicate-record'), 'information');
});

test('a CNAME loop is reported once per alias in it, even when the chain enters it from outside', () => {
  const text = '$TTL 60\n@ SOA ns.example.net. h.example.net. 1 7200 900 1209600 300\n@ NS ns.example.net.\n@ NS ns2.example.net.\nentry CNAME a\na CNAME b\nb CNAME c\nc CNAME a\n';
  const loops = lintText(text, { origin: 'example.com.' }).diagnostics.filter((d) => d.code === 'cname-loop');
  assert.equal(loops.length, 3);
  assert.match(loops[0].message, /'a\.example\.com\.' -> 'b\.example\.com\.' -> 'c\.example\.com\.' -> 'a\.example\.com\.'/);
});

test('rules stay linear on a large zone', () => {
  const lines = ['$TTL 3600', '@ SOA ns1 hostmaster 1 7200 900 1209600 300', '@ NS ns1', '@ NS ns2', 'ns1 A 192.0.2.1', 'ns2 A 192.0.2.2'];
  for (let i = 0; i < 50000; i++) {
    lines.push(`h${i} A 192.0.2.${i % 250}`, `h${i} MX 10 h${i}`, `c${i} CNAME h${i}`, `d${i} NS ns1.d${i}`, `d${i} NS ns2.example.net.`, `ns1.d${i} A 192.0.2.9`);
  }
  const text = lines.join('\n') + '\n';
  const started = Date.now();
  const diagnostics = lintText(text, { origin: 'example.com.' }).diagnostics.filter((d) => PREFIXES.some((p) => d.code.startsWith(p)));
  const elapsed = Date.now() - started;
  assert.deepEqual(diagnostics, []);
  assert.ok(elapsed < 15000, `linting 300k records took ${elapsed} ms`);
});
