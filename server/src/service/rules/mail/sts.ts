// MTA-STS (RFC 8461) and TLS-RPT (RFC 8460): the _mta-sts and _smtp._tls TXT records, the
// policy host senders fetch the MTA-STS policy from, and TLS reporting for domains that ask
// senders to use TLS (MTA-STS or DANE).
import type { ZoneRecord } from '../../zone/types';
import { ownerLocation, perLint, type Report, type Rule, type ZoneIndex } from '../rule';
import type { RuleInfo } from '../ruleInfo';
import { defineRule, shorten, signatureTimestamp } from '../content/contentRecords';
import { hasAddress } from '../structure/facts';
import { daneFacts, smtpFacts, SMTP_PREFIX } from '../dane/facts';
import { isAtOrBelowCut } from '../structure/zoneFacts';
import { mailName, mailRecords, type MailRecord } from './mailRecords';
import type { TagSpec } from '../../mail/tagList';
import { closestWord, isBareAddress, reportUris } from '../../mail/dmarc';
import { looksLikeSts, looksLikeTlsRpt, readVersioned, STS_ID, type VersionedRecord } from '../../mail/sts';
import { absolute, fix, insertLinesAfter, rdataLocation, tagLocation, tagRemovalEdits, ttlFor, valueEdits, valueLocation, withFixes } from './dmarc';

const TYPOGRAPHIC = /[\u2018\u2019\u201c\u201d]/;

interface Protocol {
  kind: 'mta-sts' | 'tls-rpt';
  /** The owner's first labels: _mta-sts. or _smtp._tls. */
  prefix: string;
  version: string;
  name: string;
  looksLike(value: string): boolean;
  /** The fields after the version, for an example in messages. */
  example: (domain: string) => string;
}

const STS: Protocol = { kind: 'mta-sts', prefix: '_mta-sts.', version: 'v=STSv1', name: 'MTA-STS', looksLike: looksLikeSts, example: () => 'id=20240101000000' };
const TLSRPT: Protocol = {
  kind: 'tls-rpt',
  prefix: '_smtp._tls.',
  version: 'v=TLSRPTv1',
  name: 'TLS-RPT',
  looksLike: looksLikeTlsRpt,
  example: (domain) => `rua=mailto:tlsrpt@${domain}`,
};

interface Entry {
  mail: MailRecord;
  /** The policy domain: the owner without _mta-sts or _smtp._tls (mail form). */
  domain: string;
  reading: VersionedRecord;
  /** Senders take it: the value begins with the version and ';' (or is the version alone). */
  selected: boolean;
  /** Meant as a record of the protocol, even if senders skip it. */
  like: boolean;
}

interface View {
  entries: Entry[];
  selectedAt(domain: string): Entry[];
}

const views = perLint((): Map<string, View> => new Map());

function view(zone: ZoneIndex, protocol: Protocol): View {
  const byProtocol = views(zone);
  let found = byProtocol.get(protocol.kind);
  if (found) return found;
  const entries: Entry[] = [];
  const selected = new Map<string, Entry[]>();
  const head = new RegExp(`^${protocol.version}[ \\t]*(;|$)`);
  for (const mail of mailRecords(zone).all) {
    if (mail.ownerKind !== protocol.kind || mail.spfType || !mail.owner.startsWith(protocol.prefix)) continue;
    const reading = readVersioned(mail.value, protocol.version);
    const isSelected = head.test(mail.value);
    const entry: Entry = { mail, domain: mail.owner.slice(protocol.prefix.length), reading, selected: isSelected, like: isSelected || mail.kind === protocol.kind || protocol.looksLike(mail.value) };
    entries.push(entry);
    if (isSelected) {
      const list = selected.get(entry.domain);
      if (list) list.push(entry);
      else selected.set(entry.domain, [entry]);
    }
  }
  found = { entries, selectedAt: (domain) => selected.get(mailName(domain)) ?? [] };
  byProtocol.set(protocol.kind, found);
  return found;
}

/** Records whose value is written with leading blanks or typographic quotes: other rules report those. */
function writtenOddly(value: string): boolean {
  return /^\s/.test(value) || TYPOGRAPHIC.test(value.charAt(0));
}

function versionRule(info: RuleInfo, protocol: Protocol): Rule {
  const [vName, vValue] = protocol.version.split('=');
  return defineRule(info, (zone, report) => {
    const v = view(zone, protocol);
    for (const entry of v.entries) {
      const { mail, reading } = entry;
      if (!entry.like || reading.versionExact || writtenOddly(mail.value)) continue;
      const head = reading.head;
      if (!head) continue;
      const alone = v.selectedAt(entry.domain).every((e) => e === entry);
      const target = protocol.prefix + entry.domain;
      const ignored = `senders take only a record that begins with exactly ${protocol.version}; and act as if ${target} had none`;
      if (head.hasEquals && head.name.toLowerCase() === vName.toLowerCase()) {
        const glued = new RegExp(`^${vValue}([ \\t,]+)(?=[A-Za-z]+=)`, 'i').exec(head.value);
        if (glued) {
          const from = head.valueStart + vValue.length;
          report(
            info.id,
            valueLocation(mail, from, from + glued[1].length),
            `${protocol.name} fields are separated by ';', not by spaces or commas: ${ignored}. Write '; ' after ${protocol.version}.`,
            withFixes([fix("Separate the fields with '; '", valueEdits(zone, mail, from, from + glued[1].length, '; '), alone)]),
          );
          continue;
        }
        const close = head.value.toLowerCase() === vValue.toLowerCase();
        report(
          info.id,
          tagLocation(mail, head),
          `The version must be written exactly '${protocol.version}' (case matters, no blanks around '='), not '${shorten(mail.value.slice(head.start, head.end))}': ${ignored}. Write ${protocol.version}.`,
          withFixes([close ? fix(`Write '${protocol.version}'`, valueEdits(zone, mail, head.start, head.end, protocol.version), alone) : undefined]),
        );
        continue;
      }
      const tags = reading.tags;
      const version = tags.find((t) => t.hasEquals && t.name === vName && t.value === vValue);
      const removal = version ? tagRemovalEdits(zone, mail, tags, version) : undefined;
      const insert = valueEdits(zone, mail, head.start, head.start, protocol.version + '; ');
      report(
        info.id,
        version ? tagLocation(mail, version) : tagLocation(mail, head),
        version
          ? `${protocol.version} must come first: ${ignored}. Move it to the front.`
          : `This record at ${target} does not start with ${protocol.version}: ${ignored}. Add ${protocol.version}; at the start.`,
        withFixes([fix(version ? `Move ${protocol.version} to the front` : `Insert '${protocol.version}; '`, version ? (removal && insert ? [...insert, ...removal] : undefined) : insert, alone && version !== undefined)]),
      );
    }
  });
}

function multipleRule(info: RuleInfo, protocol: Protocol, consequence: string): Rule {
  return defineRule(info, (zone, report) => {
    const v = view(zone, protocol);
    const done = new Set<string>();
    for (const entry of v.entries) {
      if (!entry.selected || done.has(entry.domain)) continue;
      const all = v.selectedAt(entry.domain);
      if (all.length < 2) continue;
      done.add(entry.domain);
      for (const e of all) {
        const head = e.reading.head;
        report(
          info.id,
          head ? tagLocation(e.mail, head) : rdataLocation(e.mail.record),
          `${protocol.prefix}${e.domain} has ${all.length} ${protocol.name} records: ${consequence}. Keep one record.`,
        );
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// MTA-STS.

const ST01a: RuleInfo = { id: 'mtasts-version', severity: 'error', title: 'MTA-STS record not starting with v=STSv1', source: 'RFC 8461 §3.1' };
export const mtastsVersion = versionRule(ST01a, STS);

const ST01b: RuleInfo = { id: 'mtasts-id', severity: 'error', title: 'MTA-STS id missing or not 1-32 letters and digits', source: 'RFC 8461 §3.1' };

function policyId(zone: ZoneIndex): string {
  return signatureTimestamp(zone.options.now ?? Date.now() / 1000);
}

export const mtastsId = defineRule(ST01b, (zone, report) => {
  for (const entry of view(zone, STS).entries) {
    const { mail, reading } = entry;
    if (!reading.versionExact) continue;
    const tags = reading.tags;
    const head = reading.head!;
    const id = policyId(zone);
    const ids = tags.filter((t) => t.hasEquals && t.name.toLowerCase() === 'id');
    const ignored = `senders treat the record as invalid and apply no MTA-STS policy for ${entry.domain}`;
    if (ids.length === 0) {
      const insert = tags.length > 1 ? valueEdits(zone, mail, tags[1].start, tags[1].start, `id=${id}; `) : valueEdits(zone, mail, head.end, head.end, `; id=${id}`);
      report(
        ST01b.id,
        tagLocation(mail, head),
        `This MTA-STS record has no id: ${ignored}. Add an id of 1 to 32 letters and digits, such as the date and time (id=${id}), and change it whenever the policy file changes.`,
        withFixes([fix(`Insert 'id=${id}'`, insert)]),
      );
      continue;
    }
    for (let i = 0; i < ids.length; i++) {
      const tag = ids[i];
      if (tag.name !== 'id') {
        report(ST01b.id, valueLocation(mail, tag.nameStart, tag.nameEnd), `Field names of MTA-STS records are case-sensitive: '${tag.name}' is not 'id', so ${ignored}. Write 'id'.`, withFixes([fix("Write 'id'", valueEdits(zone, mail, tag.nameStart, tag.nameEnd, 'id'), true)]));
        continue;
      }
      const spaced = tag.nameEnd + 1 !== tag.valueStart || mail.value.charAt(tag.nameEnd) !== '=';
      if (STS_ID.test(tag.value) && !spaced) continue;
      if (spaced && STS_ID.test(tag.value)) {
        report(ST01b.id, tagLocation(mail, tag), `No blanks are allowed around '=' in an MTA-STS record: ${ignored}. Write 'id=${tag.value}'.`, withFixes([fix(`Write 'id=${tag.value}'`, valueEdits(zone, mail, tag.start, tag.end, `id=${tag.value}`), true)]));
        continue;
      }
      const cleaned = tag.value.replace(/[^A-Za-z0-9]/g, '');
      report(
        ST01b.id,
        tag.value === '' ? tagLocation(mail, tag) : valueLocation(mail, tag.valueStart, tag.valueEnd),
        `The id '${shorten(tag.value)}' is not 1 to 32 letters and digits${/[^A-Za-z0-9]/.test(tag.value) ? ' (it has other characters)' : ''}: ${ignored}. Write an id of letters and digits only, such as ${id}.`,
        withFixes([
          STS_ID.test(cleaned) && cleaned !== tag.value ? fix(`Write id=${cleaned}`, valueEdits(zone, mail, tag.valueStart, tag.valueEnd, cleaned)) : undefined,
          fix(`Write id=${id}`, valueEdits(zone, mail, tag.valueStart, tag.valueEnd, id)),
        ]),
      );
    }
  }
});

const ST02a: RuleInfo = { id: 'mtasts-multiple', severity: 'error', title: 'More than one MTA-STS record at a name', source: 'RFC 8461 §3.1' };
export const mtastsMultiple = multipleRule(ST02a, STS, 'senders that find more than one act as if the domain had no MTA-STS policy and deliver without requiring TLS');

const ST02b: RuleInfo = { id: 'mtasts-other-txt', severity: 'warning', title: 'Other TXT record at an _mta-sts name', source: 'RFC 8461 §3.1' };

export const mtastsOtherTxt = defineRule(ST02b, (zone, report) => {
  for (const entry of view(zone, STS).entries) {
    if (entry.like || writtenOddly(entry.mail.value)) continue;
    report(
      ST02b.id,
      rdataLocation(entry.mail.record),
      `'${shorten(entry.mail.value)}' at _mta-sts.${entry.domain} is not an MTA-STS record. Senders following RFC 8461 skip it, but some take the first TXT record they get and then find no policy. Delete it or move it to the name it belongs to.`,
    );
  }
});

const ST03: RuleInfo = { id: 'mtasts-policy-host', severity: 'error', title: 'No address for the MTA-STS policy host mta-sts.<domain>', source: 'RFC 8461 §3.2, §3.3' };

/** True when the zone answers for `name` (lower-case absolute) with an address or a CNAME, itself or by a wildcard. */
function answersForHost(zone: ZoneIndex, name: string): boolean {
  const own = zone.recordsAt(name);
  if (own.length > 0) return own.some((r) => r.type === 'A' || r.type === 'AAAA' || r.type === 'CNAME');
  if (hasAddress(zone, name)) return true;
  const dot = name.indexOf('.');
  return dot >= 0 && zone.recordsAt('*' + name.slice(dot), 'CNAME').length > 0;
}

export const mtastsPolicyHost = defineRule(ST03, (zone, report) => {
  if (!zone.wholeZone) return;
  const apex = mailName(zone.apex);
  const done = new Set<string>();
  // Records meant as MTA-STS count though their version is broken: mtasts-version reports that.
  for (const entry of view(zone, STS).entries) {
    if (!entry.like || done.has(entry.domain)) continue;
    done.add(entry.domain);
    const host = 'mta-sts.' + entry.domain;
    if (!(host === apex || host.endsWith('.' + apex))) continue;
    const name = absolute(host);
    if (isAtOrBelowCut(zone, name) || answersForHost(zone, name)) continue;
    report(
      ST03.id,
      ownerLocation(entry.mail.record),
      `${entry.domain} announces an MTA-STS policy, but ${host} has no A, AAAA or CNAME record in this zone: senders fetch the policy from https://${host}/.well-known/mta-sts.txt, fail, and apply none, so MTA-STS protects nothing (and senders holding an old policy keep using it until it expires). Add an A/AAAA record or a CNAME for ${host} pointing at the web server that serves the policy.`,
    );
  }
});

// ---------------------------------------------------------------------------------------------
// TLS-RPT.

const TR01a: RuleInfo = { id: 'tlsrpt-version', severity: 'error', title: 'TLS-RPT record not starting with v=TLSRPTv1', source: 'RFC 8460 §3' };
export const tlsrptVersion = versionRule(TR01a, TLSRPT);

const TR01b: RuleInfo = { id: 'tlsrpt-rua', severity: 'error', title: 'TLS-RPT rua missing or not a mailto: or https: URI', source: 'RFC 8460 §3' };

function ruaFaults(zone: ZoneIndex, report: Report, entry: Entry, tag: TagSpec): void {
  const { mail } = entry;
  const noReports = 'senders send no TLS reports to it';
  if (tag.nameEnd + 1 !== tag.valueStart || mail.value.charAt(tag.nameEnd) !== '=') {
    const written = `rua=${tag.value}`;
    report(TR01b.id, tagLocation(mail, tag), `No blanks are allowed around '=' in a TLS-RPT record: senders treat the record as invalid and send no reports. Write '${shorten(written)}'.`, withFixes([fix("Remove the blanks around '='", valueEdits(zone, mail, tag.start, tag.end, written), true)]));
    return;
  }
  if (tag.value === '') {
    report(TR01b.id, tagLocation(mail, tag), `rua is empty, so senders have nowhere to send TLS reports. Write rua=mailto:<address> or rua=https://<url>.`);
    return;
  }
  for (const uri of reportUris(tag)) {
    const at = valueLocation(mail, uri.start, Math.max(uri.end, uri.start + 1));
    if (uri.text === '') {
      report(TR01b.id, at, `rua has an empty address next to a ','; senders may treat the record as invalid and send no reports. Remove the extra ','.`);
      continue;
    }
    if (uri.scheme === undefined) {
      const bare = isBareAddress(uri.text);
      report(
        TR01b.id,
        at,
        bare ? `'${shorten(uri.text)}' is an e-mail address, not a URI: ${noReports}. Write mailto:${shorten(uri.text)}.` : `'${shorten(uri.text)}' is not a mailto: or https: URI: ${noReports}.`,
        withFixes([bare ? fix("Insert 'mailto:'", valueEdits(zone, mail, uri.start, uri.start, 'mailto:'), true) : undefined]),
      );
      continue;
    }
    if (uri.scheme === 'mailto') {
      // The mailto: part of a DMARC URI reads the same: a '!' has no size meaning here.
      const address = uri.text.slice('mailto:'.length);
      if (!isBareAddress(address.split('?')[0])) report(TR01b.id, at, `'${shorten(address)}' after mailto: is not an e-mail address: ${noReports}. Write mailto:<local-part>@<domain>.`);
      continue;
    }
    if (uri.scheme === 'https') {
      if (!/^https:\/\/[^\s/?#]+\.[^\s/?#]+/i.test(uri.text)) report(TR01b.id, at, `'${shorten(uri.text)}' is not an https:// URL with a host name: ${noReports}.`);
      continue;
    }
    const meant = closestWord(uri.scheme, ['mailto', 'https']);
    report(
      TR01b.id,
      at,
      `'${shorten(uri.scheme)}:' is not a scheme TLS reports go to: senders use only mailto: and https: URIs and send no reports to this one.${meant ? ` Did you mean '${meant}:'?` : ''}`,
      withFixes([meant ? fix(`Write '${meant}:'`, valueEdits(zone, mail, uri.start, uri.start + uri.scheme.length, meant)) : undefined]),
    );
  }
}

export const tlsrptRua = defineRule(TR01b, (zone, report) => {
  for (const entry of view(zone, TLSRPT).entries) {
    const { mail, reading } = entry;
    if (!reading.versionExact) continue;
    const tags = reading.tags;
    const head = reading.head!;
    const ruas = tags.filter((t) => t.hasEquals && t.name.toLowerCase() === 'rua');
    if (ruas.length === 0) {
      const template = `rua=mailto:tlsrpt@${entry.domain}`;
      const insert = tags.length > 1 ? valueEdits(zone, mail, tags[1].start, tags[1].start, `${template}; `) : valueEdits(zone, mail, head.end, head.end, `; ${template}`);
      report(
        TR01b.id,
        tagLocation(mail, head),
        `This TLS-RPT record has no rua, so senders have nowhere to send TLS reports and treat the record as invalid. Add rua=mailto:<address> (or an https: URL), for example ${template}.`,
        withFixes([fix(`Insert '${template}'`, insert)]),
      );
      continue;
    }
    for (let i = 0; i < ruas.length; i++) {
      const tag = ruas[i];
      if (TYPOGRAPHIC.test(tag.value)) continue;
      if (tag.name !== 'rua') {
        report(TR01b.id, valueLocation(mail, tag.nameStart, tag.nameEnd), `Field names of TLS-RPT records are case-sensitive: '${tag.name}' is not 'rua', so senders find no report address. Write 'rua'.`, withFixes([fix("Write 'rua'", valueEdits(zone, mail, tag.nameStart, tag.nameEnd, 'rua'), true)]));
        continue;
      }
      ruaFaults(zone, report, entry, tag);
    }
  }
});

const TR01c: RuleInfo = { id: 'tlsrpt-multiple', severity: 'error', title: 'More than one TLS-RPT record at a name', source: 'RFC 8460 §3' };
export const tlsrptMultiple = multipleRule(TR01c, TLSRPT, 'senders that find more than one send no TLS reports at all');

const TR02: RuleInfo = { id: 'tlsrpt-missing', severity: 'information', title: 'MTA-STS or DANE without TLS-RPT', source: 'RFC 8460 §1, §3' };

/**
 * Reports the domains (mail form) whose MX hosts have TLSA records for SMTP (port 25) in this
 * zone, at the domain's first MX record that names such a host, leaving out those in `skip`.
 * Read from the MX records the DANE pass gathers, each with the TLSA records senders use for its
 * target. (A host's TLSA records serve every domain whose MX names it: the domain's own MX record
 * is where its owner looks, and where the record to add goes.)
 */
function reportDaneDomains(zone: ZoneIndex, report: Report, skip: ReadonlyMap<string, unknown>, published: ReadonlySet<string>): void {
  const facts = daneFacts(zone);
  if (!facts.tlsa.some((e) => e.ownerKey.startsWith(SMTP_PREFIX) || e.ownerKey.startsWith('*._tcp.'))) return;
  const { keys, items, starts } = smtpFacts(zone).mx;
  for (let k = 0; k < keys.length; k++) {
    for (let i = starts[k]; i < starts[k + 1]; i++) {
      const tlsa = items[i].tlsa;
      if (tlsa) {
        const domain = mailName(keys[k]);
        if (skip.size === 0 || !skip.has(domain)) reportMissing(zone, report, domain, items[i].record, false, published);
        break;
      }
    }
  }
}

function reportMissing(zone: ZoneIndex, report: Report, domain: string, record: ZoneRecord, sts: boolean, published: ReadonlySet<string>): void {
  if (published.size > 0 && published.has(domain)) return;
  // The zone publishes or hands off TLS-RPT for the domain with a CNAME at the name, or a delegation.
  // Domains are in mail form (lower case): the name needs only its final dot.
  const key = domain.endsWith('.') ? '_smtp._tls.' + domain : '_smtp._tls.' + domain + '.';
  const exists = zone.byOwner.has(key);
  if ((exists && zone.recordsAt(key, 'CNAME').length > 0) || isAtOrBelowCut(zone, key)) return;
  const template = `_smtp._tls.${domain}. ${exists ? ttlFor(zone, key, record) : record.ttl} IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@${domain}"`;
  report(
    TR02.id,
    ownerLocation(record),
    `${domain} asks senders to use TLS (${sts ? 'MTA-STS' : 'DANE TLSA for its MX host'}) but publishes no TLS-RPT record at _smtp._tls.${domain}: when TLS to your MX fails, senders defer or bounce the mail and you are not told. Publish _smtp._tls.${domain} TXT "v=TLSRPTv1; rua=mailto:<address>".`,
    withFixes([fix('Add a TLS-RPT record', insertLinesAfter(zone, record, [template]))]),
  );
}

export const tlsrptMissing = defineRule(TR02, (zone, report) => {
  // Domains with MTA-STS first, then those with DANE only, each with the record to report at.
  const sts = new Map<string, ZoneRecord>();
  for (const entry of view(zone, STS).entries) if (entry.like && !sts.has(entry.domain)) sts.set(entry.domain, entry.mail.record);
  const published = new Set<string>();
  for (const e of view(zone, TLSRPT).entries) if (e.like) published.add(e.domain);
  for (const [domain, record] of sts) reportMissing(zone, report, domain, record, true, published);
  reportDaneDomains(zone, report, sts, published);
});

export const STS_RULES: readonly Rule[] = [mtastsVersion, mtastsId, mtastsMultiple, mtastsOtherTxt, mtastsPolicyHost, tlsrptVersion, tlsrptRua, tlsrptMultiple, tlsrptMissing];

