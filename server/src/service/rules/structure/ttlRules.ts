// TTL rules: records whose TTL nobody chose, and RRsets whose records disagree on the TTL.
import type { Rule } from '../rule';
import { factRule, structureFacts } from './facts';
import { lineStart, typeLocation } from './zoneFacts';

export const zoneNoDefaultTtl: Rule = {
  id: 'zone-no-default-ttl',
  severity: 'warning',
  title: 'No $TTL and no TTL on a record',
  source: 'RFC 2308 §4; BIND "no TTL specified; using SOA MINTTL instead"',
  check(index, report) {
    // Only a SOA can take its TTL from its own minimum field; a record with no TTL at all
    // ('none') is the parser's syntax-no-ttl error.
    for (const r of structureFacts(index).soa) {
      if (r.ttlSource !== 'soa-minimum') continue;
      const file = index.parsed.files[r.file];
      const ttl = r.ttl > 0 ? r.ttl : 3600;
      report(
        'zone-no-default-ttl',
        typeLocation(r),
        `This record has no TTL and no $TTL directive precedes it, so BIND falls back to the SOA minimum (${r.ttl}) for it and the records after it. Add '$TTL ${ttl}' before the first record.`,
        { insertAt: file ? lineStart(file.text, r.start) : 0, file: r.file, text: `$TTL ${ttl}\n` },
      );
      // One $TTL line fixes every record after it, so one diagnostic is enough.
      return;
    }
  },
};

// Found per owner by the shared pass: a record whose TTL differs from the first of its RRset.
export const zoneTtlMismatch = factRule(
  { id: 'zone-ttl-mismatch', severity: 'warning', title: 'TTLs differ inside one RRset', source: 'RFC 2181 §5.2; BIND "TTL set to prior TTL"' },
  (f) => [f.ttlMismatch],
);
