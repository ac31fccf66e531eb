// TLSA (RFC 6698), SMIMEA (RFC 8162), SSHFP (RFC 4255, RFC 6594): numbers then hex data.
import type { RdataField } from '../zone/types';
import type { RdataType } from './types';
import { MAX_U8, RdataReader, numberOf, stringOf } from './fieldReader';
import { bytesToHex } from './encodings';
import { WireCursor } from './wireData';

/** RFC 7218 acronyms, which BIND 9.18 does not take: each mapped to the number to write. */
const TLSA_ACRONYMS: Record<string, number> = {
  'PKIX-TA': 0,
  'PKIX-EE': 1,
  'DANE-TA': 2,
  'DANE-EE': 3,
  PRIVCERT: 255,
  CERT: 0,
  SPKI: 1,
  PRIVSEL: 255,
  FULL: 0,
  'SHA2-256': 1,
  'SHA2-512': 2,
  PRIVMATCH: 255,
};

function readTlsaNumber(reader: RdataReader, name: string, label: string): RdataField | undefined {
  const token = reader.nextWord(label);
  if (!token) return undefined;
  const number = TLSA_ACRONYMS[token.text.toUpperCase()];
  if (number !== undefined) {
    return reader.fieldFault(token, `BIND does not accept the mnemonic '${token.text}' for the ${label}: write ${number} instead.`, { replacement: String(number) });
  }
  return reader.numberFrom(token, name, label, MAX_U8);
}

function certificateAssociationType(type: 'TLSA' | 'SMIMEA'): RdataType {
  const layout = `${type} <usage> <selector> <matching type> <certificate association data>`;
  return {
    type,
    parse(tokens, ctx) {
      const reader = new RdataReader(tokens, ctx, layout);
      const usage = readTlsaNumber(reader, 'usage', 'certificate usage');
      const selector = readTlsaNumber(reader, 'selector', 'selector');
      const matchingType = readTlsaNumber(reader, 'matchingType', 'matching type');
      const data = reader.hexRest('data', 'certificate association data')?.field;
      return !reader.failed && usage && selector && matchingType && data ? [usage, selector, matchingType, data] : undefined;
    },
    print(fields) {
      return `${numberOf(fields[0])} ${numberOf(fields[1])} ${numberOf(fields[2])} ${stringOf(fields[3]).toUpperCase()}`;
    },
    fromWire(wire) {
      const cursor = new WireCursor(wire);
      const usage = cursor.u8();
      const selector = cursor.u8();
      const matchingType = cursor.u8();
      if (matchingType === undefined || cursor.remaining === 0) return undefined;
      return [
        { name: 'usage', value: usage!, start: 0, end: 0 },
        { name: 'selector', value: selector!, start: 0, end: 0 },
        { name: 'matchingType', value: matchingType, start: 0, end: 0 },
        { name: 'data', value: bytesToHex(cursor.rest()), start: 0, end: 0 },
      ];
    },
  };
}

export const TLSA = certificateAssociationType('TLSA');
export const SMIMEA = certificateAssociationType('SMIMEA');

/** Digest lengths BIND enforces, by digest or fingerprint type. */
export function checkDigestLength(
  reader: RdataReader,
  digest: { field: RdataField; bytes: Uint8Array } | undefined,
  lengths: Readonly<Record<number, [string, number]>>,
  typeNumber: number | undefined,
  label: string,
): void {
  if (!digest || typeNumber === undefined) return;
  const expected = lengths[typeNumber];
  if (expected && digest.bytes.length !== expected[1]) {
    const [algorithm, octets] = expected;
    reader.fault(
      'syntax-rdata-field',
      `The ${algorithm} ${label} has ${digest.bytes.length} octets (${digest.bytes.length * 2} hex digits); it must have ${octets} (${octets * 2} hex digits).`,
      digest.field.start,
      digest.field.end,
    );
  }
}

const SSHFP_LENGTHS: Record<number, [string, number]> = { 1: ['SHA-1', 20], 2: ['SHA-256', 32] };
const SSHFP_LAYOUT = 'SSHFP <algorithm> <fingerprint type> <fingerprint>';

export const SSHFP: RdataType = {
  type: 'SSHFP',
  parse(tokens, ctx) {
    const reader = new RdataReader(tokens, ctx, SSHFP_LAYOUT);
    const algorithm = reader.number('algorithm', 'algorithm', MAX_U8);
    const fpType = reader.number('fpType', 'fingerprint type', MAX_U8);
    const fingerprint = reader.hexRest('fingerprint', 'fingerprint');
    checkDigestLength(reader, fingerprint, SSHFP_LENGTHS, fpType ? numberOf(fpType) : undefined, 'fingerprint');
    return !reader.failed && algorithm && fpType && fingerprint ? [algorithm, fpType, fingerprint.field] : undefined;
  },
  print(fields) {
    return `${numberOf(fields[0])} ${numberOf(fields[1])} ${stringOf(fields[2]).toUpperCase()}`;
  },
  fromWire(wire) {
    const c = new WireCursor(wire);
    const algorithm = c.u8();
    const fpType = c.u8();
    if (fpType === undefined || c.remaining === 0) return undefined;
    const known = SSHFP_LENGTHS[fpType];
    if (known && known[1] !== c.remaining) return undefined;
    return [
      { name: 'algorithm', value: algorithm!, start: 0, end: 0 },
      { name: 'fpType', value: fpType, start: 0, end: 0 },
      { name: 'fingerprint', value: bytesToHex(c.rest()), start: 0, end: 0 },
    ];
  },
};
