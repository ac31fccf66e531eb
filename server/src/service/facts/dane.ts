// What a DANE client does with a TLSA record (RFC 6698, RFC 7671) and, at _25._tcp, what a mail
// sender does (RFC 7672), with the delivery errors senders report when it goes wrong. Hover
// shows these texts over a TLSA record.
import { rfcLink, TLSA_MATCHING_TYPES, TLSA_SELECTORS, TLSA_USAGES, type NamedNumberFact } from './rdataFields';

function ref(rfc: number, section?: string): string {
  return `[RFC ${rfc}${section ? ` §${section}` : ''}](${rfcLink(rfc, section)})`;
}

const code = (s: string | number) => '`' + String(s).replace(/`/g, "'") + '`';

/** Delivery errors of senders that apply DANE (Exchange Online's codes), as Markdown list items. */
export const DANE_DELIVERY_ERRORS: readonly string[] = [
  '`4/5.7.321 starttls-not-supported`: the server did not offer STARTTLS',
  '`4/5.7.322 certificate-expired`: the server\'s certificate has expired',
  '`4/5.7.323 tlsa-invalid`: no TLSA record matches the server\'s certificate (or the record is malformed)',
  '`4/5.7.324 dnssec-invalid`: the TLSA answer failed DNSSEC validation, or the query got SERVFAIL',
  '`4/5.4.312 DNS query failed`: what some senders report instead',
];

/** The advice for names without TLSA in a signed zone. */
export const DANE_NO_SERVFAIL =
  'A signed zone must answer a TLSA query for a name without TLSA with NOERROR (no data) or NXDOMAIN, never SERVFAIL: senders treat SERVFAIL as `4.7.324 dnssec-invalid` and defer the mail.';

interface Service {
  port: number;
  protocol: string;
  host: string;
}

/** Port, protocol and host of a `_<port>._<protocol>.<host>` owner. */
function serviceOf(owner: string): Service | undefined {
  const m = /^_(\d{1,5})\._(tcp|udp|sctp)\.(.+)$/i.exec(owner);
  if (!m || Number(m[1]) > 65535) return undefined;
  const host = m[3].length > 1 && m[3].endsWith('.') ? m[3].slice(0, -1) : m[3];
  return { port: Number(m[1]), protocol: m[2].toUpperCase(), host };
}

function named(table: readonly NamedNumberFact[], value: number): string {
  const fact = table.find((f) => f.value === value);
  return fact ? fact.name : value === 255 ? 'private use' : 'unassigned';
}

/** "must hash to this SHA-256 value" and the like, for matching types 0-2. */
function matchWords(matchingType: number): string {
  if (matchingType === 0) return 'be exactly the data of this record (DER)';
  return `hash to this ${matchingType === 1 ? 'SHA-256' : 'SHA-512'} value`;
}

/**
 * Markdown for a TLSA record as a whole: what a DANE-validating client (at `_25._tcp`, a mail
 * sender) does with this combination of usage, selector and matching type, and what senders
 * report when it goes wrong. `owner` is the record's absolute owner name.
 */
export function tlsaRecordHover(usage: number, selector: number, matchingType: number, owner: string): string {
  const service = serviceOf(owner);
  const smtp = service !== undefined && service.port === 25 && service.protocol === 'TCP';
  const lines = [`**TLSA ${usage} ${selector} ${matchingType}**: ${named(TLSA_USAGES, usage)}, ${named(TLSA_SELECTORS, selector)}, ${named(TLSA_MATCHING_TYPES, matchingType)}`];

  const who = smtp
    ? `For mail to the MX host ${code(service.host)}, a sender that validates DNSSEC requires STARTTLS, and`
    : service
      ? `A DANE client connecting to ${code(service.host)} on port ${service.port}/${service.protocol} requires TLS, and`
      : 'A DANE client requires TLS, and';

  let what: string;
  if (selector > 1 || matchingType > 2) {
    const field = selector > 1 ? `Selector ${selector}` : `Matching type ${matchingType}`;
    const meaning = (selector > 1 ? selector : matchingType) === 255 ? 'is for private use: only clients that agreed on its meaning use this record' : 'is not assigned: clients ignore this record';
    what = `${field} ${meaning} (${ref(6698, '2.1')}).`;
  } else if (usage === 3) {
    const subject = selector === 0 ? "the server's certificate" : "the server's public key";
    what = `${who} ${subject} must ${matchWords(matchingType)}; the certificate's name and expiry are not checked, and no CA is involved (${smtp ? ref(7672, '3.1.1') : ref(7671, '5.1')}).`;
    if (selector === 0) what += ' The record changes with every new certificate, even one that keeps the key.';
  } else if (usage === 2) {
    const subject = selector === 0 ? 'a CA certificate the server sends in its chain' : 'the public key of a CA certificate the server sends in its chain';
    what = `${who} ${subject} must ${matchWords(matchingType)}; the server's certificate must be issued under that CA, be within its validity dates${smtp ? ' and name the MX host' : ' and name the host'} (${smtp ? ref(7672, '3.1.2') : ref(7671, '5.2')}).`;
    what += selector === 0 && matchingType === 0 ? ' With the whole certificate in the record the server may leave it out of its chain.' : ' The server must send that CA certificate in its chain.';
  } else if ((usage === 0 || usage === 1) && smtp) {
    what = `Usage ${usage} (${named(TLSA_USAGES, usage)}) is unusable for SMTP (${ref(7672, '3.1.3')}): senders ignore this record, and when no record at the name is usable they insist on TLS but check no certificate (Exchange Online does this). Use ${code('3 1 1')} with the digest of the server's public key.`;
  } else if (usage === 0 || usage === 1) {
    const subject = usage === 0 ? (selector === 0 ? 'a CA certificate in the server\'s chain' : 'the public key of a CA certificate in the server\'s chain') : selector === 0 ? "the server's certificate" : "the server's public key";
    what = `${who} ${subject} must ${matchWords(matchingType)}, and the chain must also pass ordinary public-CA (PKIX) validation, name and expiry included (${ref(6698, '2.1.1')}).`;
  } else {
    what = `Usage ${usage} ${usage === 255 ? 'is for private use: only clients that agreed on its meaning use this record' : 'is not assigned: clients ignore this record'} (${ref(6698, '2.1.1')}).`;
  }
  lines.push(what);

  lines.push(`Only a DNSSEC-validated TLSA set counts: in an unsigned zone ${smtp ? 'senders' : 'clients'} ignore it. Publish the record for the next key beside this one before a change (${ref(7671, '8.1')}).`);
  if (smtp) {
    lines.push(
      `When no record matches or DNS fails, senders defer the mail, retry for about a day, then return it. Exchange Online reports:\n${DANE_DELIVERY_ERRORS.map((e) => `- ${e}`).join('\n')}`,
      DANE_NO_SERVFAIL,
    );
  } else {
    lines.push('A client that finds no matching record refuses the connection.');
  }
  return lines.join('\n\n');
}
