// Whole TXT RRsets: their size on the wire (T06) and wildcards that answer for the names
// mail receivers query (T07).
import type { ZoneRecord } from '../../zone/types';
import { ownerLocation, type ZoneIndex } from '../rule';
import { contentRecords, defineRule, joinedText, mailKindOfText, shorten, TextTraits, textStrings } from './contentRecords';

/** RFC 7208 §3.4: keep SPF answers small enough for a 512-octet UDP response. */
const TXT_RRSET_LIMIT = 450;

interface RrsetSize {
  first: number;
  octets: number;
  count: number;
}

export const txtRrsetTooLarge = defineRule(
  { id: 'txt-rrset-too-large', severity: 'information', title: 'TXT RRset over 450 octets', source: 'RFC 7208 §3.4' },
  (zone, report) => {
    const { texts, textTraits, textOctets, textOwnerHashes } = contentRecords(zone);
    // Most owners have one TXT record: a count per hash bucket finds them without a map of
    // every owner, and only owners whose bucket holds several records are summed by name.
    let buckets = 1024;
    while (buckets < texts.length * 16) buckets *= 2;
    const mask = buckets - 1;
    const seen = new Uint8Array(buckets);
    for (let n = 0; n < texts.length; n++) {
      if (textTraits[n] & TextTraits.Spf) continue;
      const b = textOwnerHashes[n] & mask;
      if (seen[b] < 2) seen[b]++;
    }
    const oversized: RrsetSize[] = [];
    const shared = new Map<string, RrsetSize>();
    let previousOwner: string | undefined;
    let entry: RrsetSize | undefined;
    for (let n = 0; n < texts.length; n++) {
      if (textTraits[n] & TextTraits.Spf) continue;
      if (seen[textOwnerHashes[n] & mask] === 1) {
        if (textOctets[n] > TXT_RRSET_LIMIT) oversized.push({ first: n, octets: textOctets[n], count: 1 });
        continue;
      }
      const record = texts[n];
      // Records of one owner usually follow each other, often sharing the very same string.
      if (record.owner !== previousOwner || entry === undefined) {
        previousOwner = record.owner;
        const key = record.owner.toLowerCase();
        entry = shared.get(key);
        if (entry === undefined) shared.set(key, (entry = { first: n, octets: 0, count: 0 }));
      }
      entry.octets += textOctets[n];
      entry.count++;
    }
    for (const size of shared.values()) if (size.octets > TXT_RRSET_LIMIT) oversized.push(size);
    // Reported in the order the owners first appear, as a single map of owners would give.
    oversized.sort((a, b) => a.first - b.first);
    for (const { first: index, octets: total, count } of oversized) {
      const first = texts[index];
      report(
        'txt-rrset-too-large',
        ownerLocation(first),
        `The ${count === 1 ? 'TXT record' : `${count} TXT records`} at ${first.owner} hold ${total} octets of data. A TXT query (SPF, DKIM, verification) returns them all, and answers over 512 octets need EDNS0 or a retry over TCP; resolvers behind networks that drop either fail the lookup. RFC 7208 §3.4 advises keeping the set under about ${TXT_RRSET_LIMIT} octets: remove TXT records that are no longer needed.`,
        { octets: total },
      );
    }
  },
);

/** Names under a domain that mail receivers look up, with the parents a wildcard must not hide. */
function mailNamesUnder(parent: string): { name: string; label: string; path: string[] }[] {
  return [
    { name: '_dmarc.' + parent, label: '_dmarc (DMARC)', path: ['_dmarc.' + parent] },
    { name: '_mta-sts.' + parent, label: '_mta-sts (MTA-STS)', path: ['_mta-sts.' + parent] },
    { name: '_smtp._tls.' + parent, label: '_smtp._tls (TLS-RPT)', path: ['_smtp._tls.' + parent, '_tls.' + parent] },
    { name: '<selector>._domainkey.' + parent, label: '<selector>._domainkey (DKIM)', path: ['_domainkey.' + parent] },
  ];
}

/** Which of `names` exist in the zone, as owners or as empty non-terminals above owners. */
function existingNames(zone: ZoneIndex, names: Set<string>): Set<string> {
  const found = new Set<string>();
  for (const owner of zone.byOwner.keys()) {
    // The mail names all begin with '_': owners without one cannot be or lie below them.
    if (!owner.includes('_')) continue;
    let n = owner;
    while (n.length > zone.apex.length) {
      if (names.has(n)) found.add(n);
      const dot = n.indexOf('.');
      if (dot < 0) break;
      n = n.slice(dot + 1);
    }
  }
  return found;
}

const DKIM_WILDCARD = '*._domainkey.';

/** True when a TXT value is a DKIM key record: it says v=DKIM1 (or starts with k=) or has a p= tag. */
function isDkimKey(value: string): boolean {
  return mailKindOfText(value) === 'dkim' || /(?:^|;)[ \t]*p[ \t]*=/.test(value);
}

export const txtWildcardMailNames = defineRule(
  { id: 'txt-wildcard-mail-names', severity: 'warning', title: 'Wildcard TXT answers for DMARC, DKIM and MTA-STS names', source: 'RFC 4592 §2.2.1' },
  (zone, report) => {
    const wildcards = new Map<string, ZoneRecord>();
    const { texts, textTraits } = contentRecords(zone);
    for (let n = 0; n < texts.length; n++) {
      if ((textTraits[n] & (TextTraits.Wildcard | TextTraits.Spf)) !== TextTraits.Wildcard) continue;
      const record = texts[n];
      const key = record.owner.toLowerCase();
      if (!wildcards.has(key)) wildcards.set(key, record);
    }
    if (wildcards.size === 0) return;
    const wanted = new Set<string>();
    for (const key of wildcards.keys()) for (const m of mailNamesUnder(key.slice(2))) for (const p of m.path) wanted.add(p);
    const existing = existingNames(zone, wanted);
    for (const [key, record] of wildcards) {
      let text: string | undefined;
      let answered: { name: string; label: string }[];
      let under = record.owner.slice(2);
      if (key.startsWith(DKIM_WILDCARD)) {
        // A wildcard below _domainkey answers DKIM key queries only. A key record there is
        // deliberate: `v=DKIM1; p=` revokes every selector of a domain that signs no mail.
        text = joinedText(textStrings(record));
        if (isDkimKey(text)) continue;
        under = record.owner.slice(DKIM_WILDCARD.length);
        answered = [{ name: '<selector>._domainkey.' + key.slice(DKIM_WILDCARD.length), label: '<selector>._domainkey (DKIM)' }];
      } else {
        answered = mailNamesUnder(key.slice(2)).filter((m) => !m.path.some((p) => existing.has(p)));
      }
      if (answered.length === 0) continue;
      const value = shorten(text ?? joinedText(textStrings(record)), 40);
      report(
        'txt-wildcard-mail-names',
        ownerLocation(record),
        `This wildcard TXT also answers TXT queries for ${answered.map((m) => m.label).join(', ')} under ${under}, which have no records of their own: receivers looking up DMARC, DKIM or MTA-STS there get '${value}' instead of "no such name", and a DKIM key lookup for any selector fails as a malformed key. Add explicit records for those names (for example a DMARC record at _dmarc) or remove the wildcard TXT.`,
        { names: answered.map((m) => m.name) },
      );
    }
  },
);
