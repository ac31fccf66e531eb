// SPF terms, DMARC tags and DKIM key tags: what a receiving server does with each.
// Hover, completion and the mail rules take their words from here.
import { rfcLink, type FieldValueFact } from './rdataFields';

export interface MailTagFact {
  name: string;
  /** Markdown. */
  summary: string;
  rfc: string;
  values?: FieldValueFact[];
  /** SPF terms whose evaluation costs a DNS lookup (at most 10 per check, RFC 7208 §4.6.4). */
  lookups?: boolean;
}

const spf = (section: string) => rfcLink(7208, section);

export const SPF_TERMS: readonly MailTagFact[] = [
  {
    name: 'v=spf1',
    summary: 'Marks the TXT record as an SPF policy. Receivers take only records that start with exactly `v=spf1` followed by a space or the end; two such records at one name make every check a permerror.',
    rfc: spf('4.5'),
  },
  { name: 'all', summary: 'Matches every sender: the last term, giving the result for everyone not matched before (`-all` fail, `~all` softfail).', rfc: spf('5.1') },
  {
    name: 'include',
    summary: 'Evaluates the SPF record of another domain; matches when that record gives pass. A missing or broken record there makes the whole check a permerror.',
    rfc: spf('5.2'),
    lookups: true,
  },
  { name: 'a', summary: 'Matches when the sender\'s IP is an address (A or AAAA) of the domain (this domain when none is given), optionally within a CIDR prefix.', rfc: spf('5.3'), lookups: true },
  { name: 'mx', summary: 'Matches when the sender\'s IP is an address of one of the domain\'s MX hosts; at most 10 MX hosts are looked at.', rfc: spf('5.4'), lookups: true },
  {
    name: 'ptr',
    summary: 'Matches when the reverse name of the sender\'s IP, confirmed forward, ends in the domain. Slow and unreliable: RFC 7208 says it SHOULD NOT be used, and some receivers ignore it. Use `ip4:`/`ip6:` or `a` instead.',
    rfc: spf('5.5'),
    lookups: true,
  },
  { name: 'ip4', summary: 'Matches when the sender\'s IPv4 address is in the given address or CIDR range. Costs no DNS lookup.', rfc: spf('5.6') },
  { name: 'ip6', summary: 'Matches when the sender\'s IPv6 address is in the given address or CIDR range. Costs no DNS lookup.', rfc: spf('5.6') },
  { name: 'exists', summary: 'Matches when the given name (usually built with macros) has an A record, whatever its address.', rfc: spf('5.7'), lookups: true },
  {
    name: 'redirect',
    summary: 'When no mechanism matched, the result is that of the other domain\'s SPF record. Ignored when the record has an `all` term.',
    rfc: spf('6.1'),
    lookups: true,
  },
  { name: 'exp', summary: 'Names a TXT record whose text the receiver may return to the sender when the check fails.', rfc: spf('6.2') },
  { name: '+', summary: 'Qualifier **pass** (the default): a match authorises the sender.', rfc: spf('4.6.2') },
  { name: '-', summary: 'Qualifier **fail**: a match says the sender is not authorised; receivers may reject the message.', rfc: spf('4.6.2') },
  { name: '~', summary: 'Qualifier **softfail**: a match says the sender is probably not authorised; receivers usually accept and mark the message.', rfc: spf('4.6.2') },
  { name: '?', summary: 'Qualifier **neutral**: a match asserts nothing, as if there were no SPF record.', rfc: spf('4.6.2') },
];

const dmarc9989 = rfcLink(9989, '4.7');
const dmarc7489 = rfcLink(7489, '6.3');
const POLICIES: FieldValueFact[] = [
  { value: 'none', summary: 'Monitor only: receivers deliver as usual and send reports.' },
  { value: 'quarantine', summary: 'Receivers treat failing mail as suspicious, usually delivering it to spam.' },
  { value: 'reject', summary: 'Receivers refuse failing mail during the SMTP session (typically `550 5.7.1`).' },
];
const ALIGNMENT: FieldValueFact[] = [
  { value: 'r', summary: 'Relaxed (default): the authenticated domain and the From: domain need only the same organizational domain.' },
  { value: 's', summary: 'Strict: the authenticated domain must equal the From: domain exactly.' },
];

export const DMARC_TAGS: readonly MailTagFact[] = [
  { name: 'v', summary: 'Version; must be `DMARC1` and the first tag, or receivers ignore the record.', rfc: dmarc9989, values: [{ value: 'DMARC1', summary: 'The only version.' }] },
  {
    name: 'p',
    summary: 'What the domain asks receivers to do with mail that fails DMARC (neither SPF nor DKIM passes aligned with the From: domain). RFC 9989 treats a record without `p` as `p=none`.',
    rfc: dmarc9989,
    values: POLICIES,
  },
  { name: 'sp', summary: 'Policy for subdomains of this domain that have no DMARC record of their own; defaults to `p`.', rfc: dmarc9989, values: POLICIES },
  {
    name: 'np',
    summary: 'Policy for subdomains that do not exist (NXDOMAIN), so forged mail from made-up subdomains can be rejected; defaults to `sp`, then `p`. Added by RFC 9091 and kept in RFC 9989.',
    rfc: dmarc9989,
    values: POLICIES,
  },
  { name: 'adkim', summary: 'How closely the DKIM signing domain (d=) must match the From: domain.', rfc: dmarc9989, values: ALIGNMENT },
  { name: 'aspf', summary: 'How closely the SPF-checked envelope domain (MAIL FROM) must match the From: domain.', rfc: dmarc9989, values: ALIGNMENT },
  {
    name: 'pct',
    summary: 'Percentage of failing mail the policy applies to. **Removed in RFC 9989**, which replaces it with `t=y`; receivers following RFC 9989 ignore it.',
    rfc: dmarc7489,
  },
  {
    name: 'rua',
    summary: 'Where receivers send daily aggregate reports: comma-separated `mailto:` URIs. An address outside this domain must authorise it with a `<domain>._report._dmarc` record.',
    rfc: dmarc9989,
  },
  { name: 'ruf', summary: 'Where receivers send failure reports about single messages (few receivers send them): `mailto:` URIs.', rfc: dmarc9989 },
  {
    name: 'fo',
    summary: 'When failure reports are wanted; several values may be joined with `:`.',
    rfc: dmarc9989,
    values: [
      { value: '0', summary: 'When both SPF and DKIM fail to give an aligned pass (default).' },
      { value: '1', summary: 'When either SPF or DKIM fails to give an aligned pass.' },
      { value: 'd', summary: 'When a DKIM signature fails, aligned or not.' },
      { value: 's', summary: 'When SPF fails, aligned or not.' },
    ],
  },
  { name: 'rf', summary: 'Format of failure reports (`afrf`). **Removed in RFC 9989**; receivers ignore it.', rfc: dmarc7489 },
  { name: 'ri', summary: 'Requested interval between aggregate reports in seconds. **Removed in RFC 9989**; receivers send daily reports regardless.', rfc: dmarc7489 },
  {
    name: 'psd',
    summary: 'Whether this record belongs to a public suffix domain, used by the RFC 9989 tree walk to find the organizational domain. Added in RFC 9989.',
    rfc: dmarc9989,
    values: [
      { value: 'y', summary: 'This domain is a public suffix (such as a registry\'s zone).' },
      { value: 'n', summary: 'This domain is an organizational domain: the tree walk stops here.' },
      { value: 'u', summary: 'Not stated (default).' },
    ],
  },
  {
    name: 't',
    summary: 'Testing mode. Added in RFC 9989 in place of `pct`.',
    rfc: dmarc9989,
    values: [
      { value: 'y', summary: 'Testing: receivers apply the next milder policy (reject as quarantine, quarantine as none).' },
      { value: 'n', summary: 'Policy applied as written (default).' },
    ],
  },
];

const dkim = rfcLink(6376, '3.6.1');

export const DKIM_TAGS: readonly MailTagFact[] = [
  { name: 'v', summary: 'Version; when present it must be `DKIM1` and the first tag, or verifiers ignore the key.', rfc: dkim, values: [{ value: 'DKIM1', summary: 'The only version.' }] },
  {
    name: 'k',
    summary: 'Key type; defaults to `rsa`.',
    rfc: dkim,
    values: [
      { value: 'rsa', summary: 'RSA key, at least 1024 bits (RFC 8301); 2048 recommended.' },
      { value: 'ed25519', summary: 'Ed25519 key (RFC 8463); not every verifier knows it, so sign with RSA as well.' },
    ],
  },
  {
    name: 'p',
    summary: 'The public key, base64. Verifiers check signatures of this selector against it; an empty `p=` means the key is revoked and signatures with it fail.',
    rfc: dkim,
  },
  {
    name: 'h',
    summary: 'Hash algorithms the key may be used with, separated by `:`; defaults to all.',
    rfc: dkim,
    values: [
      { value: 'sha256', summary: 'SHA-256, the one to use.' },
      { value: 'sha1', summary: 'SHA-1: verifiers must not accept it any more (RFC 8301).' },
    ],
  },
  {
    name: 's',
    summary: 'Service types the key may be used for, separated by `:`; defaults to `*`.',
    rfc: dkim,
    values: [
      { value: '*', summary: 'All services.' },
      { value: 'email', summary: 'E-mail.' },
    ],
  },
  {
    name: 't',
    summary: 'Flags, separated by `:`.',
    rfc: dkim,
    values: [
      { value: 'y', summary: 'Testing: verifiers must not treat signed mail differently from unsigned mail.' },
      { value: 's', summary: 'Strict: the i= identity of signatures must be in exactly the d= domain, not a subdomain.' },
    ],
  },
  { name: 'n', summary: 'Notes for humans; verifiers ignore it.', rfc: dkim },
  { name: 'g', summary: 'Granularity of the key (RFC 4871). RFC 6376 removed it; verifiers ignore it.', rfc: rfcLink(4871, '3.6.1') },
];

function byName(facts: readonly MailTagFact[], caseInsensitive: boolean): Map<string, MailTagFact> {
  return new Map(facts.map((f) => [caseInsensitive ? f.name.toLowerCase() : f.name, f]));
}

const spfByName = byName(SPF_TERMS, true);
const dmarcByName = byName(DMARC_TAGS, true);
const dkimByName = byName(DKIM_TAGS, false);

/** SPF mechanism, modifier or qualifier by name (case-insensitive, as SPF reads them). */
export function spfTerm(name: string): MailTagFact | undefined {
  return spfByName.get(name.toLowerCase());
}

/** DMARC tag by name, in any case (receivers commonly read `P=` as `p=`). */
export function dmarcTag(name: string): MailTagFact | undefined {
  return dmarcByName.get(name.toLowerCase());
}

/** DKIM key tag by name; DKIM tag names are case-sensitive (RFC 6376 §3.2). */
export function dkimTag(name: string): MailTagFact | undefined {
  return dkimByName.get(name);
}
