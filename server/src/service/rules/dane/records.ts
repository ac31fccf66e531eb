// TLSA records on their own (RFC 6698): where they sit, the values of their fields, and whether
// the data can match any certificate at all. The parser has already refused RFC 7218 acronyms
// (with the number to write), numbers above 255 and data that is not hex.
import type { ZoneIndex } from '../rule';
import type { Span } from '../../zone/types';
import { defineRule } from '../content/contentRecords';
import { hexToBytes, bytesToHex } from '../../rdata/encodings';
import { readCertificateSpki, readSubjectPublicKeyInfo } from '../../rdata/der';
import { sha256 } from '@noble/hashes/sha2';
import {
  daneFacts,
  fixData,
  groupItems,
  hexLike,
  labelsOf,
  mailHosts,
  makeFix,
  ownerEditable,
  ownerOrType,
  recordEdit,
  replaceableData,
  shown,
  isSmtpOwner,
  spanLocation,
  fileText,
  fieldEdit,
  tlsaFields,
  type CarriedFix,
  type TlsaEntry,
  type TlsaFields,
} from './facts';

/** What a client does when no record of the set matches: words for the messages. */
export function noMatchConsequence(entry: TlsaEntry): string {
  return isSmtpOwner(entry.ownerKey)
    ? 'If no other TLSA record at this name matches, DANE senders defer the mail (4.7.323 tlsa-invalid) and return it to the sender after a day of retries.'
    : 'If no other TLSA record at this name matches, DANE clients refuse the connection.';
}

// ---- Owner name ------------------------------------------------------------------------------

const PROTOCOLS = new Set(['_tcp', '_udp', '_sctp']);
const BARE_PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);
const MAX_PORT = 65535;

/** Ports of the services people name instead of writing the number. */
const SERVICE_PORTS: Record<string, number> = {
  smtp: 25,
  submission: 587,
  submissions: 465,
  smtps: 465,
  http: 80,
  https: 443,
  imap: 143,
  imaps: 993,
  pop3: 110,
  pop3s: 995,
  ldap: 389,
  ldaps: 636,
  'xmpp-client': 5222,
  'xmpp-server': 5269,
  sip: 5060,
  sips: 5061,
};

interface OwnerFault {
  message: string;
  /** The label at fault (0 or 1), or undefined for the whole owner. */
  label?: 0 | 1;
  replacement?: string;
  preferred?: boolean;
}

const FORM = "A TLSA record sits at '_<port>._<protocol>.<host>', such as '_25._tcp.mail.example.com' for SMTP to mail.example.com (RFC 6698 §3)";

function decimalPort(text: string): number | undefined {
  return /^[0-9]{1,5}$/.test(text) ? Number(text) : undefined;
}

/**
 * True when the lower-cased owner is `_<port>._<protocol>.` and at least one more label, the port
 * without leading zeros and at most 65535: read in place, as every TLSA owner of the zone is.
 */
function wellFormed(ownerKey: string): boolean {
  let i = 1;
  let port = 0;
  if (ownerKey.charCodeAt(0) !== 0x5f) return false;
  for (; i < ownerKey.length && i <= 6; i++) {
    const c = ownerKey.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    port = port * 10 + c - 0x30;
  }
  const digits = i - 1;
  if (digits === 0 || digits > 5 || (digits > 1 && ownerKey.charCodeAt(1) === 0x30) || port > MAX_PORT) return false;
  if (ownerKey.charCodeAt(i) !== 0x2e || ownerKey.charCodeAt(i + 1) !== 0x5f) return false;
  const protocol = ownerKey.startsWith('tcp.', i + 2) ? 4 : ownerKey.startsWith('udp.', i + 2) ? 4 : ownerKey.startsWith('sctp.', i + 2) ? 5 : 0;
  const rest = i + 2 + protocol;
  return protocol > 0 && rest < ownerKey.length && ownerKey.charCodeAt(rest) !== 0x2e;
}

/** The fault of a lower-cased TLSA owner, or undefined when it has the form clients look up. */
function ownerFault(ownerKey: string): OwnerFault | undefined {
  // Nearly every owner has the right form: tell so without splitting it into labels.
  if (wellFormed(ownerKey)) return undefined;
  const labels = labelsOf(ownerKey);
  const [first, second] = labels;
  // A wildcard stands for the port (and more): clients find such records too.
  if (first === undefined || first === '*') return undefined;
  const clients = 'Clients look up only that name, so none finds this record.';
  if (first.startsWith('_')) {
    const digits = first.slice(1);
    const port = decimalPort(digits);
    if (port === undefined && /^[0-9]+$/.test(digits)) {
      return { label: 0, message: `'${first}' is not a port: ports go from 0 to ${MAX_PORT}. ${FORM}. ${clients}` };
    }
    if (port === undefined) {
      const known = SERVICE_PORTS[digits];
      return {
        label: 0,
        message: `'${first}' names a service, but TLSA owner names carry the port number${known !== undefined ? `: clients of ${digits} look up '_${known}'` : ''}. ${FORM}. ${clients}${known !== undefined ? ` Write '_${known}'.` : ''}`,
        replacement: known !== undefined ? `_${known}` : undefined,
      };
    }
    if (port > MAX_PORT) return { label: 0, message: `Port ${digits} is above ${MAX_PORT}. ${FORM}. ${clients}` };
    if (digits !== String(port)) {
      return { label: 0, message: `Clients write the port without leading zeros and look up '_${port}', not '${first}'. Write '_${port}'.`, replacement: `_${port}`, preferred: true };
    }
  } else {
    const port = decimalPort(first);
    // A number is a port without its underscore only when a protocol label follows.
    const protocolFollows = second !== undefined && (PROTOCOLS.has(second) || BARE_PROTOCOLS.has(second));
    if (port === undefined || port > MAX_PORT || first !== String(port) || !protocolFollows || labels.length < 3) {
      return { message: `${FORM}; clients never look up TLSA records at '${shown(ownerKey)}'. Move the record to the name of the service.` };
    }
    return {
      label: 0,
      message: `The port label needs its underscore: clients look up '_${port}', not '${first}' (RFC 6698 §3). Write '_${port}'.`,
      replacement: `_${port}`,
      preferred: true,
    };
  }
  if (second === undefined || labels.length < 3) return { message: `'${shown(ownerKey)}' names no host. ${FORM}.` };
  if (PROTOCOLS.has(second)) return undefined;
  if (BARE_PROTOCOLS.has(second)) {
    return { label: 1, message: `The protocol label needs its underscore: clients look up '_${second}', not '${second}' (RFC 6698 §3). Write '_${second}'.`, replacement: `_${second}`, preferred: true };
  }
  if (second.startsWith('_')) {
    return { label: 1, message: `'${second}' is not a transport protocol label: the second label is '_tcp', '_udp' or '_sctp' (RFC 6698 §3). ${clients}` };
  }
  return {
    label: 1,
    message: `The protocol label is missing after '${first}': write '${first}._tcp.${labels.slice(1).join('.')}' for a service over TCP (RFC 6698 §3). ${clients}`,
    replacement: `_tcp.${second}`,
  };
}

/** True when clients can find records at the lower-cased owner: '_<port>._<protocol>.<host>' or a wildcard. */
export function ownerFits(ownerKey: string): boolean {
  return ownerFault(ownerKey) === undefined;
}

/** Span of label 0 or 1 of the owner as written, when the written owner starts with those labels. */
function labelSpan(zone: ZoneIndex, entry: TlsaEntry, label: 0 | 1): Span | undefined {
  const span = entry.record.ownerSpan;
  if (!span || entry.record.generated) return undefined;
  const written = fileText(zone, entry.record).slice(span.start, span.end).toLowerCase();
  const labels = labelsOf(entry.ownerKey);
  const before = label === 0 ? '' : labels[0] + '.';
  const wanted = before + labels[label];
  const next = written.charAt(wanted.length);
  if (!written.startsWith(wanted) || (next !== '' && next !== '.')) return undefined;
  return { start: span.start + before.length, end: span.start + wanted.length };
}

export const tlsaOwnerName = defineRule(
  { id: 'tlsa-owner-name', severity: 'error', title: 'TLSA owner not _<port>._<protocol>.<host>', source: 'RFC 6698 §3' },
  (zone, report) => {
    const facts = daneFacts(zone);
    const owners = facts.owners;
    for (let k = 0; k < owners.keys.length; k++) {
      const ownerKey = owners.keys[k];
      const fault = ownerFault(ownerKey);
      if (!fault) continue;
      for (const entry of groupItems(owners, k)) {
        const record = entry.record;
        const span = fault.label !== undefined ? labelSpan(zone, entry, fault.label) : undefined;
        const fixes: (CarriedFix | undefined)[] = [];
        const editable = ownerEditable(zone, entry);
        if (span && fault.replacement && editable) {
          fixes.push(makeFix(`Write '${fault.replacement}'`, fault.preferred === true, [recordEdit(zone, record, span, fault.replacement)]));
        }
        if (fault.label === undefined && record.ownerSpan && editable && mailHosts(zone).has(ownerKey)) {
          // A record at an MX host itself was meant for SMTP to that host.
          const written = fileText(zone, record).slice(record.ownerSpan.start, record.ownerSpan.end);
          if (written !== '@') {
            const at = { start: record.ownerSpan.start, end: record.ownerSpan.start };
            fixes.push(makeFix(`Move the record to _25._tcp.${written}`, false, [recordEdit(zone, record, at, '_25._tcp.')]));
          }
        }
        report('tlsa-owner-name', span ? spanLocation(record, span) : ownerOrType(record), fault.message, fixData(...fixes));
      }
    }
  },
);

// ---- Field values ----------------------------------------------------------------------------

const PRIVATE_USE = 255;

const FIELD_RANGES = [
  { name: 'usage', label: 'Certificate usage', assigned: '0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE', max: 3, advice: 'Write 3 (DANE-EE) to match the server\'s own certificate or key.' },
  { name: 'selector', label: 'Selector', assigned: '0 Cert, 1 SPKI', max: 1, advice: 'Write 1 (SPKI) to match the public key.' },
  { name: 'matchingType', label: 'Matching type', assigned: '0 Full, 1 SHA2-256, 2 SHA2-512', max: 2, advice: 'Write 1 (SHA2-256) for a SHA-256 digest.' },
] as const;

export const tlsaFieldRange = defineRule(
  { id: 'tlsa-field-range', severity: 'error', title: 'TLSA usage, selector or matching type not assigned', source: 'RFC 6698 §2.1, §7.2-7.4; RFC 7218' },
  (zone, report) => {
    for (const entry of daneFacts(zone).tlsa) {
      for (const f of FIELD_RANGES) {
        const value = entry[f.name];
        if (value === undefined || value <= f.max || value === PRIVATE_USE) continue;
        const field = tlsaFields(entry)![f.name];
        const smtp = isSmtpOwner(entry.ownerKey);
        report(
          'tlsa-field-range',
          spanLocation(entry.record, field),
          `${f.label} ${value} is not assigned (${f.assigned}; 255 private use): clients treat the record as unusable${smtp ? ', and when no record at the name is usable, DANE senders only insist on TLS and check no certificate' : ''}. ${f.advice}`,
        );
      }
    }
  },
);

// ---- Data ------------------------------------------------------------------------------------

const DIGESTS: Record<number, { name: string; octets: number }> = { 1: { name: 'SHA2-256', octets: 32 }, 2: { name: 'SHA2-512', octets: 64 } };

/** The data as octets, when it parsed. */
function dataBytes(entry: TlsaEntry): Uint8Array | undefined {
  const v = entry.data;
  return typeof v === 'string' ? hexToBytes(v) : undefined;
}

/** What the data is when it is whole DER: 'certificate', 'spki' or undefined. */
function derKind(bytes: Uint8Array): 'certificate' | 'spki' | undefined {
  if (!('fault' in readCertificateSpki(bytes))) return 'certificate';
  if (!('fault' in readSubjectPublicKeyInfo(bytes))) return 'spki';
  return undefined;
}

const SELECTED = ['certificate', 'public key (SubjectPublicKeyInfo)'];

function setField(zone: ZoneIndex, entry: TlsaEntry, fields: TlsaFields | undefined, name: 'usage' | 'selector' | 'matchingType', value: number, title: string, preferred: boolean): CarriedFix | undefined {
  const field = fields?.[name];
  return field ? makeFix(title, preferred, [fieldEdit(zone, entry, field, String(value))]) : undefined;
}

export const tlsaDigestLength = defineRule(
  { id: 'tlsa-digest-length', severity: 'error', title: 'TLSA digest of the wrong length', source: 'RFC 6698 §2.1.3 (BIND and Knot load `3 1 1 0102` without a word)' },
  (zone, report) => {
    for (const entry of daneFacts(zone).tlsa) {
      const matching = entry.matchingType;
      const digest = matching === undefined ? undefined : DIGESTS[matching];
      const hexData = entry.data;
      // The value is the data in hex, two digits an octet: most records need no decoding.
      if (!digest || typeof hexData !== 'string' || hexData.length === digest.octets * 2) continue;
      const bytes = dataBytes(entry);
      if (!bytes) continue;
      const fields = tlsaFields(entry)!;
      const selector = entry.selector;
      const selected = selector === 0 || selector === 1 ? SELECTED[selector] : 'selected content';
      let hint = '';
      const fixes: (CarriedFix | undefined)[] = [];
      const other = matching === 1 ? 2 : 1;
      const kind = derKind(bytes);
      if (bytes.length === DIGESTS[other].octets) {
        hint = ` ${bytes.length} octets is the length of a ${DIGESTS[other].name} digest: if that is what it is, set the matching type to ${other}.`;
        fixes.push(setField(zone, entry, fields, 'matchingType', other, `Set the matching type to ${other} (${DIGESTS[other].name})`, false));
      } else if ((kind === 'certificate' && selector === 0) || (kind === 'spki' && selector === 1)) {
        hint = ` The data is a whole ${SELECTED[selector]}, not a digest: set the matching type to 0 (Full), or publish its digest.`;
        fixes.push(setField(zone, entry, fields, 'matchingType', 0, 'Set the matching type to 0 (Full)', false));
        const data = matching === 1 ? replaceableData(zone, entry, fields) : undefined;
        if (data) fixes.push(makeFix('Replace the data with its SHA-256 digest', false, [fieldEdit(zone, entry, data, hexLike(zone, entry, fields, bytesToHex(sha256(bytes))))]));
      }
      report(
        'tlsa-digest-length',
        spanLocation(entry.record, fields.data),
        `The data has ${bytes.length} octets (${bytes.length * 2} hex digits), but a ${digest.name} digest (matching type ${matching}) has ${digest.octets} octets (${digest.octets * 2} hex digits): no certificate can match it. ${noMatchConsequence(entry)}${hint || ` Write the whole ${digest.name} digest of the server's ${selected}.`}`,
        fixData(...fixes),
      );
    }
  },
);

export const tlsaFullData = defineRule(
  { id: 'tlsa-full-data', severity: 'error', title: 'TLSA full data not a DER certificate or public key', source: 'RFC 6698 §2.1.2, §2.1.4; RFC 5280 §4.1' },
  (zone, report) => {
    for (const entry of daneFacts(zone).tlsa) {
      const selector = entry.selector;
      if (entry.matchingType !== 0 || (selector !== 0 && selector !== 1) || entry.data === undefined) continue;
      const bytes = dataBytes(entry);
      if (!bytes) continue;
      const checked = selector === 0 ? readCertificateSpki(bytes) : readSubjectPublicKeyInfo(bytes);
      if (!('fault' in checked)) continue;
      const fields = tlsaFields(entry)!;
      const wanted = selector === 0 ? 'a DER X.509 certificate' : 'a DER SubjectPublicKeyInfo (public key)';
      const head = `With selector ${selector} and matching type 0 (Full) the data must be ${wanted}, the exact bytes the server sends`;
      const consequence = noMatchConsequence(entry);
      const fixes: (CarriedFix | undefined)[] = [];
      let message: string;
      const other = selector === 0 ? 1 : 0;
      const otherOk = !('fault' in (other === 0 ? readCertificateSpki(bytes) : readSubjectPublicKeyInfo(bytes)));
      const digest = bytes.length === 32 ? 1 : bytes.length === 64 ? 2 : undefined;
      if (otherOk) {
        message = `${head}, but it is ${other === 0 ? 'a whole certificate' : 'a SubjectPublicKeyInfo (public key), not a certificate'}: no server can match it. ${consequence} Set the selector to ${other} (${other === 0 ? 'Cert' : 'SPKI'}).`;
        fixes.push(setField(zone, entry, fields, 'selector', other, `Set the selector to ${other} (${other === 0 ? 'Cert' : 'SPKI'})`, true));
      } else if (digest !== undefined) {
        message = `${head}, but it has ${bytes.length} octets, the length of a ${DIGESTS[digest].name} digest. ${consequence} If it is a digest, set the matching type to ${digest}.`;
        fixes.push(setField(zone, entry, fields, 'matchingType', digest, `Set the matching type to ${digest} (${DIGESTS[digest].name})`, false));
      } else {
        message = `${head}, but ${checked.fault}. ${consequence} Publish the ${selector === 0 ? 'certificate' : 'public key'} in DER, in hex, or better its SHA-256 digest with matching type 1.`;
      }
      report('tlsa-full-data', spanLocation(entry.record, fields.data), message, fixData(...fixes));
    }
  },
);

/** The public key a full-data record holds, when the data is well-formed DER for its selector. */
export function fullDataSpki(entry: TlsaEntry): Uint8Array | undefined {
  const selector = entry.selector;
  if (entry.matchingType !== 0) return undefined;
  const bytes = dataBytes(entry);
  if (!bytes) return undefined;
  const checked = selector === 0 ? readCertificateSpki(bytes) : selector === 1 ? readSubjectPublicKeyInfo(bytes) : undefined;
  if (!checked || 'fault' in checked) return undefined;
  return bytes.subarray(checked.element.start, checked.element.end);
}
