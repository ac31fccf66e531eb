// DNSSEC keys, digests and signatures (RFC 4034, RFC 7344): DS, CDS, DNSKEY, CDNSKEY, RRSIG;
// their predecessors KEY and SIG (RFC 2535, same fields); and the other key-and-digest types:
// ZONEMD (RFC 8976), CERT (RFC 4398), OPENPGPKEY (RFC 7929), DHCID (RFC 4701).
import type { RdataField } from '../zone/types';
import { typeCodeOf, typeNameOf } from '../facts/recordTypes';
import type { RdataType } from './types';
import { MAX_U16, MAX_U32, MAX_U8, RdataReader, decimalValue, numberOf, stringOf } from './fieldReader';
import { bytesToHex, encodeBase64 } from './encodings';
import { WireCursor, wireField } from './wireData';
import { checkDigestLength } from './certificateAssociation';
import { ALGORITHM_MNEMONICS, CERT_TYPE_MNEMONICS, readAlgorithm, readCertType, readDigestType } from './dnssecAlgorithms';

const DS_DIGEST_LENGTHS: Record<number, [string, number]> = { 1: ['SHA-1', 20], 2: ['SHA-256', 32], 4: ['SHA-384', 48] };

function delegationSignerType(type: 'DS' | 'CDS'): RdataType {
  const layout = `${type} <key tag> <algorithm> <digest type> <digest>`;
  return {
    type,
    parse(tokens, ctx) {
      const reader = new RdataReader(tokens, ctx, layout);
      const keyTag = reader.number('keyTag', 'key tag', MAX_U16);
      const algorithm = readAlgorithm(reader);
      const digestType = readDigestType(reader);
      const digest = reader.hexRest('digest', 'digest');
      checkDigestLength(reader, digest, DS_DIGEST_LENGTHS, digestType ? numberOf(digestType) : undefined, 'digest');
      return !reader.failed && keyTag && algorithm && digestType && digest ? [keyTag, algorithm, digestType, digest.field] : undefined;
    },
    print(fields) {
      return `${numberOf(fields[0])} ${numberOf(fields[1])} ${numberOf(fields[2])} ${stringOf(fields[3]).toUpperCase()}`;
    },
    fromWire(wire) {
      const c = new WireCursor(wire);
      const keyTag = c.u16();
      const algorithm = c.u8();
      const digestType = c.u8();
      if (digestType === undefined || c.remaining === 0) return undefined;
      const known = DS_DIGEST_LENGTHS[digestType];
      if (known && known[1] !== c.remaining) return undefined;
      return [wireField('keyTag', keyTag!), wireField('algorithm', algorithm!), wireField('digestType', digestType), wireField('digest', bytesToHex(c.rest()))];
    },
  };
}

export const DS = delegationSignerType('DS');
export const CDS = delegationSignerType('CDS');

/** Key flags as BIND reads them: a number (decimal or 0x hex) or mnemonics joined by '|'. */
const KEY_FLAG_MNEMONICS: Record<string, [value: number, mask: number]> = {
  NOCONF: [0x4000, 0xc000], NOAUTH: [0x8000, 0xc000], NOKEY: [0xc000, 0xc000], FLAG2: [0x2000, 0x2000],
  EXTEND: [0x1000, 0x1000], FLAG4: [0x0800, 0x0800], FLAG5: [0x0400, 0x0400], USER: [0x0000, 0x0300],
  ZONE: [0x0100, 0x0300], HOST: [0x0200, 0x0300], NTYP3: [0x0300, 0x0300], FLAG8: [0x0080, 0x0080],
  FLAG9: [0x0040, 0x0040], FLAG10: [0x0020, 0x0020], FLAG11: [0x0010, 0x0010], KSK: [0x0001, 0x0001],
};
for (let i = 0; i < 16; i++) KEY_FLAG_MNEMONICS[`SIG${i}`] = [i, 0x000f];

function keyFlagsValue(text: string): number {
  const c = text.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) {
    const value = /^0[xX][0-9a-fA-F]{1,4}$/.test(text) ? parseInt(text.slice(2), 16) : decimalValue(text);
    return value >= 0 && value <= MAX_U16 ? value : -1;
  }
  let value = 0;
  let used = 0;
  for (const part of text.split('|')) {
    const m = KEY_FLAG_MNEMONICS[part.toUpperCase()];
    if (!m || (used & m[1]) !== 0) return -1;
    value |= m[0];
    used |= m[1];
  }
  return value;
}

function readKeyFlags(reader: RdataReader): RdataField | undefined {
  const token = reader.nextWord('flags');
  if (!token) return undefined;
  const value = keyFlagsValue(token.text);
  if (value < 0) {
    return reader.fieldFault(token, `'${token.text}' is not valid key flags: write a number from 0 to 65535, such as 256 (zone key) or 257 (zone key, SEP).`);
  }
  return { name: 'flags', value, start: token.start, end: token.end };
}

/** KEY flags with both NOCONF and NOAUTH set: the record carries no key (RFC 2535 §3.1.2). */
const NO_KEY = 0xc000;

function keyType(type: 'DNSKEY' | 'CDNSKEY' | 'KEY'): RdataType {
  const layout = `${type} <flags> <protocol> <algorithm> <public key>`;
  return {
    type,
    parse(tokens, ctx) {
      const reader = new RdataReader(tokens, ctx, layout);
      const flags = readKeyFlags(reader);
      const protocol = reader.number('protocol', 'protocol', MAX_U8);
      const algorithm = readAlgorithm(reader);
      if (type === 'KEY' && flags && (numberOf(flags) & NO_KEY) === NO_KEY) {
        return reader.finish() && protocol && algorithm ? [flags, protocol, algorithm] : undefined;
      }
      const publicKey = reader.base64Rest('publicKey', 'public key')?.field;
      return !reader.failed && flags && protocol && algorithm && publicKey ? [flags, protocol, algorithm, publicKey] : undefined;
    },
    print(fields) {
      const head = `${numberOf(fields[0])} ${numberOf(fields[1])} ${numberOf(fields[2])}`;
      return fields.length > 3 ? `${head} ${stringOf(fields[3])}` : head;
    },
    fromWire(wire) {
      const c = new WireCursor(wire);
      const flags = c.u16();
      const protocol = c.u8();
      const algorithm = c.u8();
      if (algorithm === undefined) return undefined;
      const head = [wireField('flags', flags!), wireField('protocol', protocol!), wireField('algorithm', algorithm)];
      if (type === 'KEY' && (flags! & NO_KEY) === NO_KEY) return c.remaining === 0 ? head : undefined;
      if (c.remaining === 0) return undefined;
      return [...head, wireField('publicKey', encodeBase64(c.rest()))];
    },
  };
}

export const DNSKEY = keyType('DNSKEY');
export const CDNSKEY = keyType('CDNSKEY');
export const KEY = keyType('KEY');

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function twoDigits(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** Seconds since the epoch as the 14-digit YYYYMMDDHHmmSS form (UTC). */
export function secondsToTimestamp(seconds: number): string {
  const d = new Date(seconds * 1000);
  return (
    String(d.getUTCFullYear()).padStart(4, '0') +
    twoDigits(d.getUTCMonth() + 1) +
    twoDigits(d.getUTCDate()) +
    twoDigits(d.getUTCHours()) +
    twoDigits(d.getUTCMinutes()) +
    twoDigits(d.getUTCSeconds())
  );
}

/** Days from 1970-01-01 to a civil date (proleptic Gregorian; negative before 1970). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Seconds of a 14-digit signature time as the 32-bit wire value, or a message saying why it is
 * not a time. BIND takes any year and keeps the time modulo 2^32 (RFC 4034 §3.1.5 serial arithmetic).
 */
function timestampSeconds(text: string): number | string {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(4, 6));
  const day = Number(text.slice(6, 8));
  const hour = Number(text.slice(8, 10));
  const minute = Number(text.slice(10, 12));
  const second = Number(text.slice(12, 14));
  if (month < 1 || month > 12) return `month ${text.slice(4, 6)} does not exist`;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (day < 1 || day > days) return `day ${text.slice(6, 8)} does not exist in that month`;
  if (hour > 23) return `hour ${text.slice(8, 10)} is above 23`;
  if (minute > 59) return `minute ${text.slice(10, 12)} is above 59`;
  // BIND allows a leap second (60), which rolls over into the next minute.
  if (second > 60) return `second ${text.slice(12, 14)} is above 60`;
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return ((seconds % 4294967296) + 4294967296) % 4294967296;
}

function readSignatureTime(reader: RdataReader, name: string, label: string, allowSeconds: boolean): RdataField | undefined {
  const token = reader.nextWord(label);
  if (!token) return undefined;
  const text = token.text;
  const number = decimalValue(text);
  if (number < 0 || (text.length !== 14 && (text.length > 10 || !allowSeconds))) {
    return reader.fieldFault(token, `'${text}' is not a valid ${label}: write a UTC time as YYYYMMDDHHmmSS (14 digits), e.g. 20250101000000.`);
  }
  if (text.length === 14) {
    const seconds = timestampSeconds(text);
    if (typeof seconds === 'string') return reader.fieldFault(token, `'${text}' is not a valid ${label}: ${seconds}. Write a UTC time as YYYYMMDDHHmmSS.`);
    // A time outside 1970-2106 wraps (as BIND stores it); within, the text is already canonical.
    const value = text.slice(0, 4) >= '1970' && text.slice(0, 4) < '2106' && text.slice(12, 14) !== '60' ? text : secondsToTimestamp(seconds);
    return { name, value, start: token.start, end: token.end };
  }
  if (number > MAX_U32) {
    return reader.fieldFault(token, `'${text}' is out of range for the ${label}: as seconds since 1970 it is at most 4294967295; better write YYYYMMDDHHmmSS.`);
  }
  return { name, value: secondsToTimestamp(number), start: token.start, end: token.end };
}

function readTypeMnemonic(reader: RdataReader, name: string, label: string): RdataField | undefined {
  const token = reader.nextWord(label);
  if (!token) return undefined;
  const code = typeCodeOf(token.text);
  if (code === undefined) {
    return reader.fieldFault(token, `'${token.text}' is not a record type: write a mnemonic such as A or MX, or TYPEnnn (0-65535).`);
  }
  return { name, value: typeNameOf(code), start: token.start, end: token.end };
}

function signatureType(type: 'RRSIG' | 'SIG'): RdataType {
  const layout = `${type} <type covered> <algorithm> <labels> <original TTL> <expiration> <inception> <key tag> <signer name> <signature>`;
  // SIG times are YYYYMMDDHHmmSS only; RRSIG also takes seconds since 1970.
  const allowSeconds = type === 'RRSIG';
  return {
    type,
    parse(tokens, ctx) {
      const reader = new RdataReader(tokens, ctx, layout);
      const fields = [
        readTypeMnemonic(reader, 'typeCovered', 'type covered'),
        readAlgorithm(reader),
        reader.number('labels', 'label count', MAX_U8),
        reader.number('originalTtl', 'original TTL', MAX_U32),
        readSignatureTime(reader, 'expiration', 'signature expiration', allowSeconds),
        readSignatureTime(reader, 'inception', 'signature inception', allowSeconds),
        reader.number('keyTag', 'key tag', MAX_U16),
        reader.name('signer', 'signer name'),
        reader.base64Rest('signature', 'signature')?.field,
      ];
      if (reader.failed) return undefined;
      return fields as RdataField[];
    },
    print(fields) {
      return fields.map((f) => stringOf(f)).join(' ');
    },
    fromWire(wire) {
      const c = new WireCursor(wire);
      const covered = c.u16();
      const algorithm = c.u8();
      const labels = c.u8();
      const ttl = c.u32();
      const expiration = c.u32();
      const inception = c.u32();
      const keyTag = c.u16();
      const signer = keyTag === undefined ? undefined : c.name();
      if (signer === undefined || c.remaining === 0) return undefined;
      return [
        wireField('typeCovered', typeNameOf(covered!)),
        wireField('algorithm', algorithm!),
        wireField('labels', labels!),
        wireField('originalTtl', ttl!),
        wireField('expiration', secondsToTimestamp(expiration!)),
        wireField('inception', secondsToTimestamp(inception!)),
        wireField('keyTag', keyTag!),
        { ...wireField('signer', signer, signer), relative: false },
        wireField('signature', encodeBase64(c.rest())),
      ];
    },
  };
}

export const RRSIG = signatureType('RRSIG');
export const SIG = signatureType('SIG');

const ZONEMD_LENGTHS: Record<number, [string, number]> = { 1: ['SHA-384', 48], 2: ['SHA-512', 64] };
const ZONEMD_LAYOUT = 'ZONEMD <serial> <scheme> <hash algorithm> <digest>';

export const ZONEMD: RdataType = {
  type: 'ZONEMD',
  parse(tokens, ctx) {
    const reader = new RdataReader(tokens, ctx, ZONEMD_LAYOUT);
    const serial = reader.number('serial', 'serial', MAX_U32);
    const scheme = reader.number('scheme', 'scheme', MAX_U8);
    const hashAlgorithm = reader.number('hashAlgorithm', 'hash algorithm', MAX_U8);
    const digest = reader.hexRest('digest', 'digest');
    const algorithm = hashAlgorithm ? numberOf(hashAlgorithm) : undefined;
    if (digest && algorithm !== undefined && ZONEMD_LENGTHS[algorithm] === undefined && digest.bytes.length < 12) {
      reader.fault('syntax-rdata-field', `The digest has ${digest.bytes.length} octets; a ZONEMD digest has at least 12 (RFC 8976 §2.2.4).`, digest.field.start, digest.field.end);
    }
    checkDigestLength(reader, digest, ZONEMD_LENGTHS, algorithm, 'digest');
    return !reader.failed && serial && scheme && hashAlgorithm && digest ? [serial, scheme, hashAlgorithm, digest.field] : undefined;
  },
  print(fields) {
    return `${numberOf(fields[0])} ${numberOf(fields[1])} ${numberOf(fields[2])} ${stringOf(fields[3]).toUpperCase()}`;
  },
  fromWire(wire) {
    const c = new WireCursor(wire);
    const serial = c.u32();
    const scheme = c.u8();
    const hashAlgorithm = c.u8();
    if (hashAlgorithm === undefined || c.remaining < 12) return undefined;
    const known = ZONEMD_LENGTHS[hashAlgorithm];
    if (known && known[1] !== c.remaining) return undefined;
    return [wireField('serial', serial!), wireField('scheme', scheme!), wireField('hashAlgorithm', hashAlgorithm), wireField('digest', bytesToHex(c.rest()))];
  },
};

const CERT_LAYOUT = 'CERT <certificate type> <key tag> <algorithm> <certificate>';

export const CERT: RdataType = {
  type: 'CERT',
  parse(tokens, ctx) {
    const reader = new RdataReader(tokens, ctx, CERT_LAYOUT);
    const certType = readCertType(reader);
    const keyTag = reader.number('keyTag', 'key tag', MAX_U16);
    const algorithm = readAlgorithm(reader);
    const certificate = reader.base64Rest('certificate', 'certificate')?.field;
    return !reader.failed && certType && keyTag && algorithm && certificate ? [certType, keyTag, algorithm, certificate] : undefined;
  },
  print(fields) {
    const certType = numberOf(fields[0]);
    const algorithm = numberOf(fields[2]);
    // BIND prints the mnemonic of known certificate types and algorithms.
    return `${CERT_TYPE_MNEMONICS.get(certType) ?? certType} ${numberOf(fields[1])} ${ALGORITHM_MNEMONICS.get(algorithm) ?? algorithm} ${stringOf(fields[3])}`;
  },
  fromWire(wire) {
    const c = new WireCursor(wire);
    const certType = c.u16();
    const keyTag = c.u16();
    const algorithm = c.u8();
    if (algorithm === undefined || c.remaining === 0) return undefined;
    return [wireField('certType', certType!), wireField('keyTag', keyTag!), wireField('algorithm', algorithm), wireField('certificate', encodeBase64(c.rest()))];
  },
};

function base64OnlyType(type: string, name: string, label: string): RdataType {
  const layout = `${type} <${label}>`;
  return {
    type,
    parse(tokens, ctx) {
      const reader = new RdataReader(tokens, ctx, layout);
      const data = reader.base64Rest(name, label)?.field;
      return !reader.failed && data ? [data] : undefined;
    },
    print(fields) {
      return stringOf(fields[0]);
    },
    fromWire(wire) {
      return wire.length === 0 ? undefined : [wireField(name, encodeBase64(wire))];
    },
  };
}

export const OPENPGPKEY = base64OnlyType('OPENPGPKEY', 'publicKey', 'public key');
export const DHCID = base64OnlyType('DHCID', 'data', 'DHCID data');
