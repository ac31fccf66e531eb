// The incremental lint must give exactly what a full lint of a fresh parse gives, whatever the
// edit: random edits of every fixture zone and of zones whose domains name each other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintParsed } from '../../server/src/service/lint';
import { lintWithState, type LintState } from '../../server/src/service/incremental';
import { parseZone, reparseZone } from '../../server/src/service/zone/parser';
import type { ParsedZone } from '../../server/src/service/zone/types';
import { filesUnder } from '../helpers/files';

const NOW = 1_790_000_000;

/** A zone of mail domains that name each other: MX hosts, SPF includes, CNAMEs, report addresses, glue. */
function linkedZone(seed: number, domains: number): string {
  let state = seed;
  const rand = (n: number) => ((state = (state * 1103515245 + 12345) % 2147483648) % n);
  const out = ['$ORIGIN example.net.', '$TTL 3600', '@ SOA ns1 hostmaster 1 7200 3600 1209600 300', '@ NS ns1', '@ NS ns2.d1', 'ns1 A 192.0.2.1', '@ MX 10 mail', 'mail A 192.0.2.2', '@ TXT "v=spf1 mx include:_spf.example.net -all"', '_spf TXT "v=spf1 ip4:192.0.2.0/24 -all"', '_dmarc TXT "v=DMARC1; p=reject; rua=mailto:dmarc@d2.example.net"', '_25._tcp.mail TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', '_smtp._tls TXT "v=TLSRPTv1; rua=mailto:tls@example.net"'];
  for (let d = 1; d <= domains; d++) {
    const other = 1 + rand(domains);
    out.push(`d${d} MX 10 mx.d${d}`);
    if (rand(3) === 0) out.push(`d${d} MX 20 mx.d${other}.example.net.`);
    if (rand(4) === 0) out.push(`d${d} MX 30 mail`);
    out.push(`mx.d${d} A 192.0.2.${(d % 250) + 1}`);
    out.push(`d${d} TXT "v=spf1 mx include:${rand(2) ? '_spf.example.net' : `d${other}.example.net`} ${rand(5) ? '-all' : '+all'}"`);
    out.push(`_dmarc.d${d} TXT "v=DMARC1; p=${['none', 'quarantine', 'reject'][rand(3)]}; rua=mailto:r@d${other}.example.net"`);
    if (rand(2)) out.push(`d${d}._report._dmarc.d${other} TXT "v=DMARC1"`);
    if (rand(2)) out.push(`_25._tcp.mx.d${d} TLSA 3 1 1 ${'ab'.repeat(32)}`);
    if (rand(3) === 0) out.push(`selector1._domainkey.d${d} CNAME selector1-d${d}-example-net._domainkey.contoso.onmicrosoft.com.`);
    if (rand(3) === 0) out.push(`www.d${d} CNAME ${rand(2) ? `d${other}` : `www.d${other}`}`);
    if (rand(6) === 0) out.push(`sub.d${d} NS ns.d${other}`, `ns.d${other} A 192.0.2.200`);
    if (rand(8) === 0) out.push(`; a comment about d${d}`, '');
  }
  return out.join('\n') + '\n';
}

/** Lines an edit inserts: records of every kind that name other groups or change zone-wide facts. */
const POOL = [
  'd1 MX 10 mx.d2.example.net.',
  'new A 192.0.2.77',
  'new TXT "v=spf1 include:d3.example.net -all"',
  'www CNAME d2',
  '_dmarc.d2 TXT "v=DMARC1; p=none"',
  '_25._tcp.mx.d3 TLSA 3 1 1 ' + 'cd'.repeat(32),
  'mx.d2 AAAA 2001:db8::2',
  'd4 CNAME d1',
  'd1 CNAME d4',
  'sub.d5 NS ns.d6',
  '_spf TXT "v=spf1 -all"',
  '@ NS ns9.d2',
  '@ TXT "v=spf1 +all"',
  '* A 192.0.2.9',
  '*.d2 MX 10 mx.d2',
  'selector2._domainkey.d1 CNAME selector2-d1-example-net._domainkey.contoso.onmicrosoft.com',
  'mta-sts A 192.0.2.3',
  '_mta-sts TXT "v=STSv1; id=1"',
  'x.example.org. A 192.0.2.4',
  '@ SOA ns1 hostmaster 2 7200 3600 1209600 300',
  '@ DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==',
  'd1 TTL-less A 1.2.3.4',
  '$TTL 300',
  '$ORIGIN d3.example.net.',
  'h CAA 0 issue "letsencrypt.org"',
  '; zonelint-disable-next-line spf-permissive-all',
  'd7 300 IN TXT ( "v=spf1 a:mx.d1.example.net" "  -all" )',
];

function randomEdit(text: string, rand: (n: number) => number): string {
  const lines = text.split('\n');
  const i = rand(lines.length);
  switch (rand(6)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines.splice(i, 0, lines[rand(lines.length)]);
      break;
    case 2:
      lines.splice(i, 0, POOL[rand(POOL.length)]);
      break;
    case 3:
      lines[i] = lines[i].replace(/\d+/, (n) => String(Number(n) + 1 + rand(3)));
      break;
    case 4: {
      const j = rand(lines[i].length + 1);
      lines[i] = lines[i].slice(0, j) + ['x', '.', ' ', '"', '_', '('][rand(6)] + lines[i].slice(j);
      break;
    }
    default:
      lines[i] = lines[i].replace(/\bd(\d+)/, (_m, n) => `d${(Number(n) % 9) + 1}`);
  }
  return lines.join('\n');
}

const shape = (ds: readonly unknown[]) => JSON.stringify(ds);

function checkEdits(name: string, text: string, steps: number, seed: number, counts: Record<string, number>): void {
  let state = seed;
  const rand = (n: number) => ((state = (state * 1103515245 + 12345) % 2147483648) % n);
  const options = { now: NOW };
  const path = name.endsWith('.zone') ? name : `${name}.zone`;
  let parsed: ParsedZone = parseZone(text, { path });
  let lint: LintState | undefined = lintWithState(parsed, options, () => undefined, undefined).state;
  for (let step = 0; step < steps; step++) {
    text = randomEdit(text, rand);
    parsed = reparseZone(parsed, text, { path });
    const got = lintWithState(parsed, options, (id, e) => assert.fail(`${id}: ${e}`), lint);
    lint = got.state;
    counts[got.mode] = (counts[got.mode] ?? 0) + 1;
    const expected = lintParsed(parseZone(text, { path }), options);
    if (shape(got.diagnostics) !== shape(expected)) {
      const a = got.diagnostics.map((d) => JSON.stringify(d));
      const b = expected.map((d) => JSON.stringify(d));
      const extra = a.filter((x) => !b.includes(x));
      const missing = b.filter((x) => !a.includes(x));
      assert.fail(`${name}, step ${step} (${got.mode}): extra ${extra.slice(0, 3).join('\n')}\nmissing ${missing.slice(0, 3).join('\n')}\n--- text:\n${text}`);
    }
  }
}

test('incremental lint: random edits of zones whose domains name each other give what a full lint gives', () => {
  const counts: Record<string, number> = {};
  for (let seed = 1; seed <= 12; seed++) checkEdits(`linked${seed}`, linkedZone(seed, 8 + seed * 3), 60, seed, counts);
  // The edits must mostly be linted incrementally, or this test proves nothing about it.
  assert.ok((counts.incremental ?? 0) > 200, JSON.stringify(counts));
});

test('incremental lint: random edits of every fixture zone give what a full lint gives', () => {
  const counts: Record<string, number> = {};
  const root = join(__dirname, '..', 'fixtures');
  let seed = 100;
  for (const file of filesUnder(root, (name) => name.endsWith('.zone'))) checkEdits(file.slice(root.length + 1), readFileSync(file, 'utf8'), 12, seed++, counts);
  assert.ok((counts.incremental ?? 0) > 200, JSON.stringify(counts));
});
