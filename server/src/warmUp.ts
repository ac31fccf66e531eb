// Warming up a new lint process. The first lints of a process run the parser and the rules as
// interpreted code, several times slower than once V8 has compiled them: the first edits after a
// zone is opened would wait for that. When the linter is idle after its first job, it lints a
// small zone of every kind of mail record and edits it, a step at a time, so that the code the
// user's next edits run is compiled already. Nothing of it is kept or reported.
import { lintWithState, type LintState } from './service/incremental';
import { parseZone, reparseZone } from './service/zone/parser';
import type { ParsedZone } from './service/zone/types';

const DOMAINS = 40;
const EDITS = 24;

function sampleZone(): string {
  const lines = ['$ORIGIN warm-up.example.', '$TTL 3600', '@ IN SOA ns1 hostmaster ( 1 7200 3600 1209600 300 )', '  IN NS ns1', '  IN NS ns2', 'ns1 IN A 192.0.2.1', 'ns2 IN A 192.0.2.2', '@ IN MX 10 mail', 'mail IN A 192.0.2.3', '_25._tcp.mail IN TLSA 3 1 1 ' + 'ab'.repeat(32)];
  lines.push('_spf IN TXT "v=spf1 ip4:192.0.2.0/24 -all"', '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@warm-up.example"');
  for (let d = 0; d < DOMAINS; d++) {
    lines.push(
      `d${d} IN MX 10 mx.d${d}`,
      `  IN TXT "v=spf1 mx include:_spf.warm-up.example ${d % 5 ? '-all' : '~all'}"`,
      `  IN CAA 0 issue "letsencrypt.org"`,
      `_dmarc.d${d} IN TXT "v=DMARC1; p=${['none', 'quarantine', 'reject'][d % 3]}; rua=mailto:r@warm-up.example"`,
      `sel1._domainkey.d${d} IN TXT ( "v=DKIM1; k=rsa; " "p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" )`,
      `mx.d${d} 300 IN A 192.0.2.${10 + d}`,
      `  IN AAAA 2001:db8::${d + 1}`,
      `_25._tcp.mx.d${d} IN TLSA 3 1 1 ${'cd'.repeat(32)}`,
      `_submission._tcp.d${d} IN SRV 0 1 587 mx.d${d}`,
      `www.d${d} IN CNAME d${d}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** The warm-up as steps: each call does one lint and tells whether there are more; `seen` hears how each lint went. */
export function warmUpSteps(seen?: (mode: string) => void): () => boolean {
  let text = sampleZone();
  let parsed: ParsedZone | undefined;
  let state: LintState | undefined;
  let step = 0;
  return () => {
    if (!parsed) parsed = parseZone(text, { path: 'warm-up.example.zone' });
    else {
      const lines = text.split('\n');
      // The address records of the mail hosts, a different one each step.
      const hosts = lines.flatMap((l, k) => (/^mx\.d\d+ \d+ IN A /.test(l) ? [k] : []));
      const i = hosts[(step * 7) % hosts.length];
      // A TTL, an address and a new record, as the user's edits are.
      if (step % 3 === 0) lines[i] = lines[i].replace(/^(\S+) \d+ /, `$1 ${300 + step} `);
      else if (step % 3 === 1) lines[i] = lines[i].replace(/\d+$/, String(step + 10));
      else lines.splice(i, 0, `edit${step} IN TXT "warm-up ${step}"`);
      text = lines.join('\n');
      parsed = reparseZone(parsed, text, { path: 'warm-up.example.zone' });
    }
    const linted = lintWithState(parsed, {}, () => undefined, state);
    state = linted.state;
    seen?.(linted.mode);
    return ++step <= EDITS;
  };
}
