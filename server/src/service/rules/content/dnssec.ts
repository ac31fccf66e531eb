// DNSSEC records checked offline: where DS records sit, digest types and algorithms (RFC 8624),
// signature validity windows, NSEC3 parameters (RFC 9276) and CDS/CDNSKEY against the keys.
// Signatures and NSEC/NSEC3 chains are not verified; digest lengths are the RDATA parser's.
import type { ZoneRecord } from '../../zone/types';
import { field, fieldLocation, ownerLocation, type Report, type ZoneIndex } from '../rule';
import { contentRecords, defineRule } from './contentRecords';
import { keyTag } from './keyTag';

export { signatureTimestamp } from './contentRecords';

function numberField(record: ZoneRecord, name: string): number | undefined {
  const v = field(record, name)?.value;
  return typeof v === 'number' ? v : undefined;
}

function stringField(record: ZoneRecord, name: string): string | undefined {
  const v = field(record, name)?.value;
  return typeof v === 'string' ? v : undefined;
}

/** A CDS or CDNSKEY with algorithm 0 asks the parent to remove the DS (RFC 8078 §4). */
function isDeleteRequest(record: ZoneRecord): boolean {
  return (record.type === 'CDS' || record.type === 'CDNSKEY') && numberField(record, 'algorithm') === 0;
}

export const dnssecDsAtApex = defineRule(
  { id: 'dnssec-ds-at-apex', severity: 'error', title: 'DS record at the zone apex', source: 'RFC 4035 §2.4' },
  (zone, report) => {
    if (!zone.wholeZone) return;
    for (const record of contentRecords(zone).delegationSigners) {
      if (record.type !== 'DS' || record.owner.toLowerCase() !== zone.apex) continue;
      report(
        'dnssec-ds-at-apex',
        ownerLocation(record),
        `A DS record belongs in the parent zone, beside the NS records that delegate ${record.owner}; resolvers never ask this zone for it, and BIND refuses to load a zone with DS at its apex. Give the DS to the parent (through the registrar) and delete it here; to publish it from this zone for the parent to pick up, use CDS.`,
      );
    }
  },
);

export const dnssecDsNotAtDelegation = defineRule(
  { id: 'dnssec-ds-not-at-delegation', severity: 'error', title: 'DS record at a name without NS records', source: 'RFC 4035 §2.4' },
  (zone, report) => {
    if (!zone.wholeZone) return;
    for (const record of contentRecords(zone).delegationSigners) {
      if (record.type !== 'DS') continue;
      const key = record.owner.toLowerCase();
      if (key === zone.apex || zone.delegations.has(key)) continue;
      report(
        'dnssec-ds-not-at-delegation',
        ownerLocation(record),
        `DS at ${record.owner}, which has no NS records: a DS vouches for the keys of a delegated child zone and sits beside its NS records. BIND refuses to load the zone ("DS not at delegation point"). Add the child's NS records here, or delete the DS.`,
      );
    }
  },
);

export const dnssecDsDeprecatedDigest = defineRule(
  { id: 'dnssec-ds-deprecated-digest', severity: 'warning', title: 'DS digest type SHA-1 or GOST', source: 'RFC 8624 §3.3' },
  (zone, report) => {
    for (const record of contentRecords(zone).delegationSigners) {
      if (isDeleteRequest(record)) continue;
      const type = numberField(record, 'digestType');
      if (type !== 1 && type !== 3) continue;
      const name = type === 1 ? 'SHA-1' : 'GOST R 34.11-94';
      report(
        'dnssec-ds-deprecated-digest',
        fieldLocation(record, 'digestType'),
        `Digest type ${type} (${name}) must not be used for new ${record.type} records (RFC 8624 §3.3), and validators are dropping support for it: where it is the only digest they treat the child zone as unsigned. Publish a SHA-256 (digest type 2) ${record.type} for the key instead.`,
      );
    }
  },
);

const DEPRECATED_ALGORITHMS: ReadonlyMap<number, string> = new Map([
  [1, 'RSAMD5, which must not be used'],
  [3, 'DSA, which must not be used'],
  [5, 'RSASHA1, which is not recommended'],
  [6, 'DSA-NSEC3-SHA1, which must not be used'],
  [7, 'RSASHA1-NSEC3-SHA1, which is not recommended'],
  [12, 'ECC-GOST, which must not be used'],
]);

export const dnssecDeprecatedAlgorithm = defineRule(
  { id: 'dnssec-deprecated-algorithm', severity: 'warning', title: 'Deprecated DNSSEC algorithm', source: 'RFC 8624 §3.1' },
  (zone, report) => {
    const records = contentRecords(zone);
    for (const list of [records.keys, records.delegationSigners]) {
      for (const record of list) {
        const algorithm = numberField(record, 'algorithm');
        const name = algorithm === undefined ? undefined : DEPRECATED_ALGORITHMS.get(algorithm);
        if (!name) continue;
        report(
          'dnssec-deprecated-algorithm',
          fieldLocation(record, 'algorithm'),
          `Algorithm ${algorithm} is ${name} (RFC 8624 §3.1). Validators that no longer support it treat the zone as unsigned, and some distributions already disable SHA-1 signatures. Roll the keys over to algorithm 13 (ECDSAP256SHA256) or 8 (RSASHA256).`,
        );
      }
    }
  },
);

function readableTime(stamp: string): string {
  return `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)} ${stamp.slice(8, 10)}:${stamp.slice(10, 12)}:${stamp.slice(12, 14)} UTC`;
}

/** After this many faulty signatures the last report says how many more there are: re-signing fixes them all. */
const SIGNATURE_REPORT_LIMIT = 100;

function checkSignatureTimes(which: 'expiration' | 'inception') {
  return (zone: ZoneIndex, report: Report) => {
    const records = contentRecords(zone);
    const all = which === 'expiration' ? records.expiredSignatures : records.futureSignatures;
    const faulty = all.slice(0, SIGNATURE_REPORT_LIMIT);
    const total = all.length;
    faulty.forEach((record, i) => {
      const stamp = stringField(record, which)!;
      const covered = field(record, 'typeCovered')?.value ?? '?';
      const key = numberField(record, 'keyTag');
      const more = i === faulty.length - 1 && total > faulty.length ? ` (${total - faulty.length} more signatures in this zone have the same fault and are not marked.)` : '';
      if (which === 'expiration') {
        report(
          'dnssec-rrsig-expired',
          fieldLocation(record, 'expiration'),
          `This signature over ${record.owner} ${covered} (key ${key}) expired on ${readableTime(stamp)}: validating resolvers treat the records as bogus and answer SERVFAIL. Re-sign the zone, and check that the signer runs before signatures expire.${more}`,
        );
      } else {
        report(
          'dnssec-rrsig-not-yet-valid',
          fieldLocation(record, 'inception'),
          `This signature over ${record.owner} ${covered} (key ${key}) is valid only from ${readableTime(stamp)}: until then validating resolvers treat the records as bogus and answer SERVFAIL. Check the signer's clock and re-sign the zone.${more}`,
        );
      }
    });
  };
}

export const dnssecRrsigExpired = defineRule(
  { id: 'dnssec-rrsig-expired', severity: 'error', title: 'RRSIG expired', source: 'RFC 4035 §5.3.1' },
  checkSignatureTimes('expiration'),
);

export const dnssecRrsigNotYetValid = defineRule(
  { id: 'dnssec-rrsig-not-yet-valid', severity: 'error', title: 'RRSIG not yet valid', source: 'RFC 4035 §5.3.1' },
  checkSignatureTimes('inception'),
);

function isEmptySalt(salt: string | undefined): boolean {
  return salt === undefined || salt === '' || salt === '-';
}

/** The records whose NSEC3 parameters to judge: NSEC3PARAM when present, else the first NSEC3 (the others repeat it). */
function nsec3ParameterRecords(zone: ZoneIndex): ZoneRecord[] {
  const records = contentRecords(zone);
  if (records.nsec3params.length) return records.nsec3params;
  return records.nsec3.length ? [records.nsec3[0]] : [];
}

export const dnssecNsec3Iterations = defineRule(
  { id: 'dnssec-nsec3-iterations', severity: 'warning', title: 'NSEC3 iterations above 0', source: 'RFC 9276 §3.1, §3.2' },
  (zone, report) => {
    for (const record of nsec3ParameterRecords(zone)) {
      const iterations = numberField(record, 'iterations');
      if (!iterations) continue;
      report(
        'dnssec-nsec3-iterations',
        fieldLocation(record, 'iterations'),
        `${iterations} extra NSEC3 iterations add no protection and cost every resolver CPU; RFC 9276 §3.1 asks for 0, and validators treat zones above a limit (100 or lower) as insecure or answer SERVFAIL. Re-sign with iterations 0.`,
        { replacement: '0' },
      );
    }
  },
);

export const dnssecNsec3Salt = defineRule(
  { id: 'dnssec-nsec3-salt', severity: 'warning', title: 'NSEC3 salt not empty', source: 'RFC 9276 §3.1' },
  (zone, report) => {
    for (const record of nsec3ParameterRecords(zone)) {
      const salt = stringField(record, 'salt');
      if (isEmptySalt(salt)) continue;
      report(
        'dnssec-nsec3-salt',
        fieldLocation(record, 'salt'),
        `An NSEC3 salt adds nothing against zone walking and must change with every re-signing to mean anything; RFC 9276 §3.1 says not to use one. Re-sign with an empty salt, written '-'.`,
        { replacement: '-' },
      );
    }
  },
);

export const dnssecNsec3paramFlags = defineRule(
  { id: 'dnssec-nsec3param-flags', severity: 'error', title: 'NSEC3PARAM flags not 0', source: 'RFC 5155 §4.1.2, §4.2' },
  (zone, report) => {
    for (const record of contentRecords(zone).nsec3params) {
      const flags = numberField(record, 'flags');
      if (!flags) continue;
      report(
        'dnssec-nsec3param-flags',
        fieldLocation(record, 'flags'),
        `NSEC3PARAM flags must be 0 (opt-out is set on NSEC3 records, not here); servers ignore an NSEC3PARAM with other flags (RFC 5155 §4.2) and cannot find the zone's NSEC3 chain for denial-of-existence answers. Write 0.`,
        { replacement: '0' },
      );
    }
  },
);

interface KeyIdentity {
  tag: number;
  algorithm: number;
  /** flags, protocol, algorithm and key, for comparing a CDNSKEY with a DNSKEY. */
  text: string;
}

function keyIdentity(record: ZoneRecord): KeyIdentity | undefined {
  const flags = numberField(record, 'flags');
  const protocol = numberField(record, 'protocol');
  const algorithm = numberField(record, 'algorithm');
  const publicKey = stringField(record, 'publicKey');
  if (flags === undefined || protocol === undefined || algorithm === undefined || publicKey === undefined) return undefined;
  const tag = keyTag(flags, protocol, algorithm, publicKey);
  if (tag === undefined) return undefined;
  return { tag, algorithm, text: `${flags} ${protocol} ${algorithm} ${publicKey.replace(/\s+/g, '')}` };
}

export const dnssecCdsMismatch = defineRule(
  { id: 'dnssec-cds-mismatch', severity: 'error', title: 'CDS or CDNSKEY that matches no DNSKEY', source: 'RFC 7344 §4.1, RFC 8078 §3' },
  (zone, report) => {
    const records = contentRecords(zone);
    const children: ZoneRecord[] = [];
    for (const r of records.delegationSigners) if (r.type === 'CDS' && !isDeleteRequest(r)) children.push(r);
    for (const r of records.keys) if (r.type === 'CDNSKEY' && !isDeleteRequest(r)) children.push(r);
    if (children.length === 0) return;
    const keysByOwner = new Map<string, KeyIdentity[]>();
    for (const r of records.keys) {
      if (r.type !== 'DNSKEY') continue;
      const identity = keyIdentity(r);
      if (!identity) continue;
      const key = r.owner.toLowerCase();
      const list = keysByOwner.get(key);
      if (list) list.push(identity);
      else keysByOwner.set(key, [identity]);
    }
    for (const record of children) {
      // Without the DNSKEY set in this file (a fragment) there is nothing to compare with.
      const keys = keysByOwner.get(record.owner.toLowerCase());
      if (!keys) continue;
      if (record.type === 'CDS') {
        const tag = numberField(record, 'keyTag');
        const algorithm = numberField(record, 'algorithm');
        if (tag === undefined || algorithm === undefined || keys.some((k) => k.tag === tag && k.algorithm === algorithm)) continue;
        report(
          'dnssec-cds-mismatch',
          fieldLocation(record, 'keyTag'),
          `This CDS names key ${tag} with algorithm ${algorithm}, but no DNSKEY at ${record.owner} has that key tag and algorithm (${keys.map((k) => `${k.tag}/${k.algorithm}`).join(', ')}). A parent that follows it (RFC 7344) installs a DS that matches no key and the zone turns bogus. Generate the CDS again from the current DNSKEY set.`,
        );
      } else {
        const identity = keyIdentity(record);
        if (!identity || keys.some((k) => k.text === identity.text)) continue;
        report(
          'dnssec-cds-mismatch',
          fieldLocation(record, 'publicKey'),
          `This CDNSKEY (key ${identity.tag}, algorithm ${identity.algorithm}) is not one of the DNSKEY records at ${record.owner}. A parent that follows it (RFC 7344) installs a DS that matches no key and the zone turns bogus. Copy the CDNSKEY from the current DNSKEY set.`,
        );
      }
    }
  },
);
