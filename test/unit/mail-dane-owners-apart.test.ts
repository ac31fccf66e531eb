// The mail and DANE rules group records by owner without a map when the zone keeps each owner's
// records together, and with one otherwise: a zone whose owners come back later must get the same
// findings as the same records written together.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../server/src/service/lint';
import type { ZoneDiagnostic } from '../../server/src/service/zone/types';

const H = '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';
const N = 'f9e8d7c6b5a4938271605f4e3d2c1b0af9e8d7c6b5a4938271605f4e3d2c1b0a';

const HEAD = `$ORIGIN example.com.
$TTL 3600
@    IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 3600
     IN NS  ns1
     IN NS  ns2
ns1  IN A   192.0.2.1
ns2  IN A   192.0.2.2
`;

/** Records of owners that come back: a second TLSA record, MX and DMARC record further down. */
const APART = `${HEAD}_25._tcp.mx1 IN TLSA 3 1 1 ${H}
mx1  IN A   192.0.2.3
mx2  IN A   192.0.2.4
d1   IN MX  10 mx1
d1   IN TXT "v=spf1 mx -all"
_dmarc.d1 IN TXT "v=DMARC1; p=reject"
_25._tcp.mx3 IN TLSA 3 1 1 ${H}
mx3  IN A   192.0.2.5
d2   IN MX  10 mx3
_25._tcp.mx1 IN TLSA 3 1 1 ${N}
d1   IN MX  20 mx2
_dmarc.d1 IN TXT "v=DMARC1; p=none"
d1   IN TXT "v=spf1 a -all"
`;

/** The same records, each owner's together. */
const TOGETHER = `${HEAD}_25._tcp.mx1 IN TLSA 3 1 1 ${H}
_25._tcp.mx1 IN TLSA 3 1 1 ${N}
mx1  IN A   192.0.2.3
mx2  IN A   192.0.2.4
d1   IN MX  10 mx1
d1   IN MX  20 mx2
d1   IN TXT "v=spf1 mx -all"
d1   IN TXT "v=spf1 a -all"
_dmarc.d1 IN TXT "v=DMARC1; p=reject"
_dmarc.d1 IN TXT "v=DMARC1; p=none"
_25._tcp.mx3 IN TLSA 3 1 1 ${H}
mx3  IN A   192.0.2.5
d2   IN MX  10 mx3
`;

const MAIL = /^(spf|dmarc|dkim|mtasts|tlsrpt|tlsa)-/;

function codes(text: string): string[] {
  return lintText(text, { origin: 'example.com.' })
    .diagnostics.filter((d: ZoneDiagnostic) => MAIL.test(d.code))
    .map((d) => d.code)
    .sort();
}

test('records of one owner written apart get the findings of the same records written together', () => {
  const apart = codes(APART);
  assert.deepEqual(apart, codes(TOGETHER));
  // Two TLSA records at _25._tcp.mx1: only mx3's is alone.
  assert.equal(apart.filter((c) => c === 'tlsa-no-rollover').length, 1);
  // One report per domain whose MX host has TLSA records, and one per DMARC record of d1.
  assert.equal(apart.filter((c) => c === 'tlsrpt-missing').length, 2);
  assert.equal(apart.filter((c) => c === 'dmarc-multiple').length, 2);
  assert.equal(apart.filter((c) => c === 'spf-multiple-records').length, 2);
  // mx2, the other MX host of d1, has no TLSA record.
  assert.equal(apart.filter((c) => c === 'tlsa-smtp-partial').length, 1);
});
