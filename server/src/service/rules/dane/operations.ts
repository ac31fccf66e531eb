// Running DANE without outages: a next record beside the current one for rollovers (RFC 7671
// §8.1), short TTLs, and DNSSEC, without which nobody uses TLSA records at all.
import { defineRule } from '../content/contentRecords';
import { formatTtl } from '../../zone/ttl';
import { ownerFits } from './records';
import { daneFacts, fixData, groupSize, isSmtpOwner, makeFix, ownerOrType, recordEdit, shown, spanLocation } from './facts';

const MAX_TTL = 3600;

export const tlsaNoRollover = defineRule(
  { id: 'tlsa-no-rollover', severity: 'information', title: 'Single TLSA record at a name: no record for the next key', source: 'RFC 7671 §8.1' },
  (zone, report) => {
    const owners = daneFacts(zone).owners;
    for (let k = 0; k < owners.keys.length; k++) {
      const ownerKey = owners.keys[k];
      // A record no client finds has a worse fault, reported by tlsa-owner-name.
      if (groupSize(owners, k) !== 1 || !ownerFits(ownerKey)) continue;
      const entry = owners.items[owners.starts[k]];
      const smtp = isSmtpOwner(ownerKey);
      const effect = smtp
        ? 'senders that still see only this record defer mail (4.7.323 tlsa-invalid) until a new record is published and cached copies of the old one expire'
        : 'clients that still see only this record refuse to connect until a new record is published and cached copies of the old one expire';
      report(
        'tlsa-no-rollover',
        ownerOrType(entry.record),
        `This is the only TLSA record at ${shown(ownerKey)}: when the server's key or certificate changes, ${effect}. Publish a record for the next key beside this one ("current + next", RFC 7671 §8.1) at least two TTLs before the switch.`,
      );
    }
  },
);

export const tlsaTtlLong = defineRule(
  { id: 'tlsa-ttl-long', severity: 'information', title: 'TLSA TTL above one hour', source: 'RFC 7671 §8.1; RFC 7672 §2.2' },
  (zone, report) => {
    const records = zone.parsed.records;
    for (const entry of daneFacts(zone).tlsa) {
      const record = entry.record;
      if (record.ttl <= MAX_TTL) continue;
      const ttlSpan = record.ttlSpan;
      const effect =
        isSmtpOwner(entry.ownerKey) ? 'senders with the old records cached defer mail (4.7.323 tlsa-invalid)' : 'clients with the old records cached refuse to connect';
      // Without $TTL a later record without a TTL takes this one's: changing it would change that too.
      const inherited = records[entry.order + 1]?.ttlSource === 'previous';
      const fix = ttlSpan && !inherited ? makeFix(`Set the TTL to ${MAX_TTL}`, false, [recordEdit(zone, record, ttlSpan, String(MAX_TTL))]) : undefined;
      report(
        'tlsa-ttl-long',
        spanLocation(record, ttlSpan ?? record.typeSpan),
        `TTL ${record.ttl} (${formatTtl(record.ttl)}): resolvers may keep this TLSA record that long. If the certificate or key changes before a record for it has been published for two TTLs, ${effect} for up to ${formatTtl(record.ttl)}. A TTL of ${MAX_TTL} seconds or less keeps rollovers short.`,
        fixData(fix),
      );
    }
  },
);

export const tlsaZoneUnsigned = defineRule(
  { id: 'tlsa-zone-unsigned', severity: 'information', title: 'TLSA records in a zone without DNSSEC records', source: 'RFC 7672 §2.1; RFC 6698 §4.1' },
  (zone, report) => {
    const facts = daneFacts(zone);
    if (!zone.wholeZone || facts.signed || facts.tlsa.length === 0) return;
    const first = facts.tlsa.find((e) => e.record.file === 0) ?? facts.tlsa[0];
    const smtp = facts.tlsa.some((e) => isSmtpOwner(e.ownerKey));
    report(
      'tlsa-zone-unsigned',
      spanLocation(first.record, first.record.typeSpan),
      `This zone has TLSA records but no DNSKEY or RRSIG records. Your DNS provider may sign the zone when it serves it; if the zone is not signed, ${smtp ? 'senders' : 'clients'} ignore TLSA records and DANE gives no protection. ${
        smtp
          ? 'If it is signed, the zone must answer every TLSA query with valid signatures, and NOERROR or NXDOMAIN for names without TLSA: a SERVFAIL makes senders such as Exchange Online defer mail with 4.7.324 dnssec-invalid.'
          : 'If it is signed, the zone must answer TLSA queries with valid signatures, and NOERROR or NXDOMAIN for names without TLSA, never SERVFAIL.'
      } Check that the zone is signed and that the parent publishes its DS record.`,
    );
  },
);
