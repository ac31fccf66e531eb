// DANE for SMTP (RFC 7672): TLSA records at _25._tcp.<MX host>, the usages mail senders can use,
// and whether every MX host a sender may pick is covered.
import type { ZoneIndex } from '../rule';
import { defineRule } from '../content/contentRecords';
import { bytesToHex } from '../../rdata/encodings';
import { sha256 } from '@noble/hashes/sha2';
import { fullDataSpki } from './records';
import {
  SMTP_PREFIX,
  daneFacts,
  exchangeField,
  fieldEdit,
  fixData,
  groupItems,
  groupOf,
  groupSize,
  hasSmtpTlsa,
  hexLike,
  isSmtpOwner,
  makeFix,
  ownerEditable,
  ownerOrType,
  recordEdit,
  replaceableData,
  servedHere,
  shown,
  smtpFacts,
  smtpHost,
  spanLocation,
  tlsaFields,
  type CarriedEdit,
  type CarriedFix,
  type MxEntry,
  type TlsaEntry,
} from './facts';

const DANE_TA = 2;
const DANE_EE = 3;

function isUsable(entry: TlsaEntry): boolean {
  const usage = entry.usage;
  return usage === DANE_TA || usage === DANE_EE;
}

export const tlsaSmtpPkixUsage = defineRule(
  { id: 'tlsa-smtp-pkix-usage', severity: 'warning', title: 'TLSA usage 0 or 1 for SMTP, which senders cannot use', source: 'RFC 7672 §3.1.3' },
  (zone, report) => {
    const facts = daneFacts(zone);
    for (const entry of facts.tlsa) {
      const usage = entry.usage;
      if ((usage !== 0 && usage !== 1) || !isSmtpOwner(entry.ownerKey)) continue;
      const usageField = tlsaFields(entry)!.usage;
      const othersUsable = groupItems(facts.owners, entry.owner).some(isUsable);
      const name = usage === 0 ? 'PKIX-TA' : 'PKIX-EE';
      const effect = othersUsable
        ? 'DANE senders ignore this record and use the other TLSA records at this name.'
        : 'With no usable TLSA record at the name, senders such as Exchange Online only insist on TLS and check no certificate, so anyone who can intercept the connection can present any certificate.';
      const advice =
        usage === 1
          ? 'Write 3 (DANE-EE) to have senders match the server\'s own certificate or key against this data; the CA, name and expiry are then not checked.'
          : `Write 2 (DANE-TA) to have senders match this CA in the chain; ${
              entry.selector === 0 && entry.matchingType === 0 ? '' : 'the server must then send that CA certificate in its chain (servers often leave out a root), and '
            }the server's certificate must name the MX host.`;
      const to = usage === 1 ? DANE_EE : DANE_TA;
      // Not preferred: senders never checked this data, so once usable, stale data or a chain
      // without the CA certificate defers mail that is delivered today.
      const fix = makeFix(`Change the usage to ${to} (${to === DANE_EE ? 'DANE-EE' : 'DANE-TA'}), keeping selector, matching type and data`, false, [
        fieldEdit(zone, entry, usageField, String(to)),
      ]);
      report(
        'tlsa-smtp-pkix-usage',
        spanLocation(entry.record, usageField),
        `Usage ${usage} (${name}) is unusable for SMTP (RFC 7672 §3.1.3). ${effect} ${advice} Check the data against the server's current certificate before the change.`,
        fixData(fix),
      );
    }
  },
);

export const tlsaSmtpPrefer311 = defineRule(
  { id: 'tlsa-smtp-prefer-311', severity: 'information', title: 'DANE-EE record for SMTP with the Cert selector or Full data', source: 'RFC 7672 §3.1.1' },
  (zone, report) => {
    for (const entry of daneFacts(zone).tlsa) {
      if (entry.usage !== DANE_EE || !isSmtpOwner(entry.ownerKey)) continue;
      const s = entry.selector;
      const m = entry.matchingType;
      if ((s !== 0 && m !== 0) || s === undefined || s > 1 || m === undefined || m > 2) continue;
      const fields = tlsaFields(entry)!;
      const selector = fields.selector;
      const matching = fields.matchingType;
      const reasons: string[] = [];
      if (s === 0) reasons.push('selector 0 (Cert) matches the whole certificate, so the record must be replaced at every renewal, even one that keeps the key');
      if (m === 0) reasons.push('matching type 0 (Full) puts the whole ' + (s === 0 ? 'certificate' : 'public key') + ' in the record where a digest does the same');
      const at = s === 0 && m === 0 ? { start: selector.start, end: matching.end } : s === 0 ? selector : matching;
      let fix: CarriedFix | undefined;
      const spki = fullDataSpki(entry);
      const data = spki && replaceableData(zone, entry, fields);
      if (spki && data) {
        const edits: (CarriedEdit | undefined)[] = [];
        if (s !== 1) edits.push(fieldEdit(zone, entry, selector, '1'));
        edits.push(fieldEdit(zone, entry, matching, '1'));
        edits.push(fieldEdit(zone, entry, data, hexLike(zone, entry, fields, bytesToHex(sha256(spki)))));
        fix = makeFix('Write 3 1 1 with the SHA-256 digest of the public key in the data', false, edits);
      }
      report(
        'tlsa-smtp-prefer-311',
        spanLocation(entry.record, at),
        `This record works, but ${reasons.join(', and ')}. RFC 7672 §3.1.1 recommends 3 1 1: the SHA-256 digest of the server's public key, which stays valid across renewals that keep the key.`,
        fixData(fix),
      );
    }
  },
);

const MAX_MOVE_FIXES = 3;

/** Names to offer as the MX host a misplaced record was meant for: in-zone targets without TLSA (a few more than get a fix, then it stops). */
function candidateHosts(zone: ZoneIndex, mx: readonly MxEntry[]): string[] {
  const facts = daneFacts(zone);
  const out = new Set<string>();
  for (const m of mx) {
    if (servedHere(zone, m.target) && !hasSmtpTlsa(facts, m.target)) out.add(m.target);
    if (out.size > MAX_MOVE_FIXES) break;
  }
  return [...out];
}

export const tlsaSmtpNotMxHost = defineRule(
  { id: 'tlsa-smtp-not-mx-host', severity: 'warning', title: 'TLSA for SMTP at a name that is no MX host', source: 'RFC 7672 §2.2.3' },
  (zone, report) => {
    const facts = daneFacts(zone);
    let smtp: ReturnType<typeof smtpFacts> | undefined;
    const owners = facts.owners;
    for (let k = 0; k < owners.keys.length; k++) {
      const ownerKey = owners.keys[k];
      // Records outside the zone or below a delegation are not this zone's to serve.
      if (!isSmtpOwner(ownerKey) || !servedHere(zone, ownerKey)) continue;
      smtp ??= smtpFacts(zone);
      if (smtp.mailHostOwners[k]) continue;
      const host = smtpHost(ownerKey)!;
      const g = groupOf(smtp.mx, host);
      const ownMx = g >= 0 ? groupItems(smtp.mx, g) : undefined;
      // Without MX records the domain's own address receives its mail (RFC 5321 §5.1).
      if (!ownMx && host === zone.apex) continue;
      // A host of this zone may receive mail for domains of other zones: judge only when this
      // zone names its own MX hosts, or the name is a mail domain itself.
      if (!smtp.hasInZoneTarget && !ownMx) continue;
      const hosts = ownMx ? [...new Set(ownMx.map((m) => m.target))] : [];
      const where = ownMx
        ? `${shown(host)} is a mail domain whose MX records point at ${hosts.slice(0, 3).map(shown).join(', ')}${hosts.length > 3 ? ', ...' : ''}`
        : `${shown(host)} is not the target of any MX record in this zone`;
      const message = `${where}: senders look up TLSA records only at _25._tcp.<MX host>, so none uses this record and mail gets no DANE protection from it. Publish it at the MX host${
        ownMx ? '' : ', or ignore this if the host receives mail for domains of other zones'
      }.`;
      // A host that is no mail domain belongs to no MX records of its own: there is no host to move
      // the record to that the zone tells for sure.
      const candidates = ownMx ? candidateHosts(zone, ownMx) : [];
      for (const entry of groupItems(owners, k)) {
        const record = entry.record;
        const fixes: (CarriedFix | undefined)[] = [];
        if (candidates.length > 0 && candidates.length <= MAX_MOVE_FIXES && ownerEditable(zone, entry)) {
          for (const target of candidates) {
            fixes.push(makeFix(`Move the record to _25._tcp.${shown(target)}`, false, [recordEdit(zone, record, record.ownerSpan!, SMTP_PREFIX + target)]));
          }
        }
        report('tlsa-smtp-not-mx-host', ownerOrType(record), message, fixData(...fixes));
      }
    }
  },
);

/** True when senders find TLSA records for the MX target: at the target itself or at its canonical name. */
function covered(m: MxEntry): boolean {
  return m.tlsa !== undefined;
}

function anySmtpTlsa(zone: ZoneIndex): boolean {
  for (const key of daneFacts(zone).owners.keys) if (isSmtpOwner(key)) return true;
  return false;
}

export const tlsaSmtpPartial = defineRule(
  { id: 'tlsa-smtp-partial', severity: 'warning', title: 'Some MX hosts of a domain have TLSA records, others not', source: 'RFC 7672 §2.2' },
  (zone, report) => {
    if (!anySmtpTlsa(zone)) return;
    const groups = smtpFacts(zone).mx;
    for (let k = 0; k < groups.keys.length; k++) {
      if (groupSize(groups, k) < 2) continue;
      const domain = groups.keys[k];
      const inZone = groupItems(groups, k).filter((m) => servedHere(zone, m.target));
      const protectedHosts = inZone.filter(covered);
      if (protectedHosts.length === 0 || protectedHosts.length === inZone.length) continue;
      const withTlsa = [...new Set(protectedHosts.map((m) => shown(m.target)))];
      for (const m of inZone) {
        if (covered(m)) continue;
        report(
          'tlsa-smtp-partial',
          spanLocation(m.record, exchangeField(m)),
          `${shown(m.target)} has no TLSA record, but ${withTlsa.join(', ')}, ${withTlsa.length > 1 ? 'other MX hosts' : 'another MX host'} of ${shown(domain)}, ${withTlsa.length > 1 ? 'have' : 'has'}: senders deliver to ${shown(m.target)} without DANE authentication, so an attacker who blocks the protected hosts strips the protection. Publish TLSA records at _25._tcp.${shown(m.target)} (3 1 1 with the SHA-256 digest of its public key).`,
        );
      }
    }
  },
);

export const tlsaSmtpMxCname = defineRule(
  { id: 'tlsa-smtp-mx-cname', severity: 'information', title: 'MX host with TLSA records is an alias', source: 'RFC 7672 §2.2.2' },
  (zone, report) => {
    if (!anySmtpTlsa(zone)) return;
    const facts = daneFacts(zone);
    const smtp = smtpFacts(zone);
    if (smtp.canonical.size === 0) return;
    for (const m of smtp.mx.items) {
      const canonical = smtp.canonical.get(m.target);
      if (canonical === undefined) continue;
      const atAlias = hasSmtpTlsa(facts, m.target);
      const atCanonical = hasSmtpTlsa(facts, canonical);
      if (!atAlias && !atCanonical) continue;
      const found = atCanonical
        ? `senders use the TLSA records at _25._tcp.${shown(canonical)} only when every CNAME on the way is DNSSEC-signed; otherwise they look at _25._tcp.${shown(m.target)}${atAlias ? '' : ', where there are none'}`
        : `senders look up TLSA records first at _25._tcp.${shown(canonical)}, the name after CNAME expansion, and use those at _25._tcp.${shown(m.target)} only when there are none there`;
      report(
        'tlsa-smtp-mx-cname',
        spanLocation(m.record, exchangeField(m)),
        `The MX host ${shown(m.target)} is an alias of ${shown(canonical)}: ${found} (RFC 7672 §2.2.2). Point the MX record at ${shown(canonical)} and publish its TLSA records at _25._tcp.${shown(canonical)}.`,
      );
    }
  },
);
