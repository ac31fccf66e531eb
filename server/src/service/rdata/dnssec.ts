// DNSSEC keys, digests and signatures (RFC 4034, RFC 7344): DS, CDS, DNSKEY, CDNSKEY, RRSIG;
// and the other key-and-digest types: ZONEMD (RFC 8976), CERT (RFC 4398), OPENPGPKEY
// (RFC 7929), DHCID (RFC 4701).
import type { RdataField } from '../zone/types';
import { typeCodeOf, typeNameOf } from '../facts/recordTypes';
import type { RdataType } from './types';
import { MAX_U16, MAX_U32, MAX_U8, RdataReader, decimalValue, numberOf, stringOf } from './fieldReader';
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
  };
}

export const DS = delegationSignerType('DS');
export const CDS = delegationSignerType('CDS');

function keyType(type: 'DNSKEY' | 'CDNSKEY' | 'KEY'): RdataType {
  const layout = `${type} <flags> <protocol> <algorithm> <public key>`;
  return {
    type,
    parse(tokens, ctx) {
      const reader = new RdataReader(tokens, ctx, layout);
      const flags = reader.number('flags', 'flags', MAX_U16);
      const protocol = reader.number('protocol', 'protocol', MAX_U8);
      const algorithm = readAlgorithm(reader);
      const publicKey = reader.base64Rest('publicKey', 'public key')?.field;
      return !reader.failed && flags && protocol && algorithm && publicKey ? [flags, protocol, algorithm, publicKey] : undefined;
    },
    print(fields) {
      return `${numberOf(fields[0])} ${numberOf(fields[1])} ${numberOf(fields[2])} ${stringOf(fields[3])}`;
    },
  };
}

export const DNSKEY = keyType('DNSKEY');
export const CDNSKEY = keyType('CDNSKEY');

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

/** Why a 14-digit signature time is not a real UTC time, or undefined when it is. */
function timestampFault(text: string): string | undefined {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(4, 6));
  const day = Number(text.slice(6, 8));
  const hour = Number(text.slice(8, 10));
  const minute = Number(text.slice(10, 12));
  const second = Number(text.slice(12, 14));
  if (year < 1970) return 'the year is before 1970';
  if (month < 1 || month > 12) return `month ${text.slice(4, 6)} does not exist`;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (day < 1 || day > days) return `day ${text.slice(6, 8)} does not exist in that month`;
  if (hour > 23) return `hour ${text.slice(8, 10)} is above 23`;
  if (minute > 59) return `minute ${text.slice(10, 12)} is above 59`;
  if (second > 59) return `second ${text.slice(12, 14)} is above 59`;
  return undefined;
}

function readSignatureTime(reader: RdataReader, name: string, label: string): RdataField | undefined {
  const token = reader.nextWord(label);
  if (!token) return undefined;
  const text = token.text;
  const number = decimalValue(text);
  if (number < 0 || (text.length !== 14 && text.length > 10)) {
    return reader.fieldFault(token, `'${text}' is not a valid ${label}: write a UTC time as YYYYMMDDHHmmSS (14 digits), e.g. 20250101000000.`);
  }
  if (text.length === 14) {
    const fault = timestampFault(text);
    if (fault) return reader.fieldFault(token, `'${text}' is not a valid ${label}: ${fault}. Write a UTC time as YYYYMMDDHHmmSS.`);
    return { name, value: text, start: token.start, end: token.end };
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

const RRSIG_LAYOUT =
  'RRSIG <type covered> <algorithm> <labels> <original TTL> <expiration> <inception> <key tag> <signer name> <signature>';

export const RRSIG: RdataType = {
  type: 'RRSIG',
  parse(tokens, ctx) {
    const reader = new RdataReader(tokens, ctx, RRSIG_LAYOUT);
    const fields = [
      readTypeMnemonic(reader, 'typeCovered', 'type covered'),
      readAlgorithm(reader),
      reader.number('labels', 'label count', MAX_U8),
      reader.number('originalTtl', 'original TTL', MAX_U32),
      readSignatureTime(reader, 'expiration', 'signature expiration'),
      readSignatureTime(reader, 'inception', 'signature inception'),
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
};

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
  };
}

export const OPENPGPKEY = base64OnlyType('OPENPGPKEY', 'publicKey', 'public key');
export const DHCID = base64OnlyType('DHCID', 'data', 'DHCID data');
