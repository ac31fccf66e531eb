// Authenticated denial (RFC 4034 §4, RFC 5155): NSEC, NSEC3, NSEC3PARAM; and CSYNC (RFC 7477),
// which shares the type bitmap.
import type { RdataField } from '../zone/types';
import { typeCodeOf, typeNameOf } from '../facts/recordTypes';
import type { RdataType } from './types';
import { MAX_U16, MAX_U32, MAX_U8, RdataReader, numberOf, stringOf } from './fieldReader';
import { bytesToHex, decodeBase32Hex, hexToBytes } from './encodings';

/** The remaining tokens as `type` fields. */
function readTypeList(reader: RdataReader): RdataField[] {
  const fields: RdataField[] = [];
  while (!reader.done) {
    const token = reader.nextWord('type');
    if (!token) continue;
    const code = typeCodeOf(token.text);
    if (code === undefined) {
      reader.fieldFault(token, `'${token.text}' is not a record type: write a mnemonic such as A or MX, or TYPEnnn (0-65535).`);
      continue;
    }
    fields.push({ name: 'type', value: typeNameOf(code), start: token.start, end: token.end });
  }
  return fields;
}

/** Type fields in bitmap order (by code, each once), as BIND prints them. */
function printTypeBitmap(fields: readonly RdataField[]): string {
  const codes = new Set<number>();
  for (const f of fields) {
    const code = typeCodeOf(String(f.value));
    if (code !== undefined) codes.add(code);
  }
  return [...codes].sort((a, b) => a - b).map(typeNameOf).join(' ');
}

const NSEC_LAYOUT = 'NSEC <next name> <type> [type ...]';

export const NSEC: RdataType = {
  type: 'NSEC',
  parse(tokens, ctx) {
    const reader = new RdataReader(tokens, ctx, NSEC_LAYOUT);
    const next = reader.name('next', 'next name');
    // BIND rejects an NSEC without any type.
    if (next && reader.done) return reader.missing('type list');
    const types = readTypeList(reader);
    return !reader.failed && next ? [next, ...types] : undefined;
  },
  print(fields) {
    return `${stringOf(fields[0])} ${printTypeBitmap(fields.slice(1))}`;
  },
};

function readSalt(reader: RdataReader): RdataField | undefined {
  const token = reader.nextWord('salt');
  if (!token) return undefined;
  if (token.text === '-') return { name: 'salt', value: '-', start: token.start, end: token.end };
  const bytes = hexToBytes(token.text);
  if (!bytes) {
    return reader.fieldFault(token, `'${token.text}' is not a valid salt: write hex digits (an even number of them), or '-' for no salt.`);
  }
  if (bytes.length > MAX_U8) return reader.fieldFault(token, `The salt has ${bytes.length} octets; at most 255 are allowed.`);
  return { name: 'salt', value: bytesToHex(bytes), start: token.start, end: token.end };
}

function printSalt(field: RdataField | undefined): string {
  const salt = stringOf(field);
  return salt === '-' || salt === '' ? '-' : salt.toUpperCase();
}

const NSEC3_LAYOUT = 'NSEC3 <hash algorithm> <flags> <iterations> <salt> <next hashed owner> [type ...]';

export const NSEC3: RdataType = {
  type: 'NSEC3',
  parse(tokens, ctx) {
    const reader = new RdataReader(tokens, ctx, NSEC3_LAYOUT);
    const hashAlgorithm = reader.number('hashAlgorithm', 'hash algorithm', MAX_U8);
    const flags = reader.number('flags', 'flags', MAX_U8);
    const iterations = reader.number('iterations', 'iterations', MAX_U16);
    const salt = readSalt(reader);
    const nextToken = reader.nextWord('next hashed owner name');
    let next: RdataField | undefined;
    if (nextToken) {
      const bytes = decodeBase32Hex(nextToken.text);
      if (!bytes || bytes.length === 0 || bytes.length > MAX_U8) {
        reader.fieldFault(nextToken, `'${nextToken.text}' is not a valid next hashed owner name: write the hash in base32hex (0-9, a-v), e.g. 32 characters for SHA-1.`);
      } else {
        next = { name: 'next', value: nextToken.text.toLowerCase(), start: nextToken.start, end: nextToken.end };
      }
    }
    const types = readTypeList(reader);
    return !reader.failed && hashAlgorithm && flags && iterations && salt && next ? [hashAlgorithm, flags, iterations, salt, next, ...types] : undefined;
  },
  print(fields) {
    const types = printTypeBitmap(fields.slice(5));
    const head = `${numberOf(fields[0])} ${numberOf(fields[1])} ${numberOf(fields[2])} ${printSalt(fields[3])} ${stringOf(fields[4]).toUpperCase()}`;
    return types ? `${head} ${types}` : head;
  },
};

const NSEC3PARAM_LAYOUT = 'NSEC3PARAM <hash algorithm> <flags> <iterations> <salt>';

export const NSEC3PARAM: RdataType = {
  type: 'NSEC3PARAM',
  parse(tokens, ctx) {
    const reader = new RdataReader(tokens, ctx, NSEC3PARAM_LAYOUT);
    const hashAlgorithm = reader.number('hashAlgorithm', 'hash algorithm', MAX_U8);
    const flags = reader.number('flags', 'flags', MAX_U8);
    const iterations = reader.number('iterations', 'iterations', MAX_U16);
    const salt = readSalt(reader);
    return reader.finish() && hashAlgorithm && flags && iterations && salt ? [hashAlgorithm, flags, iterations, salt] : undefined;
  },
  print(fields) {
    return `${numberOf(fields[0])} ${numberOf(fields[1])} ${numberOf(fields[2])} ${printSalt(fields[3])}`;
  },
};

const CSYNC_LAYOUT = 'CSYNC <SOA serial> <flags> [type ...]';

export const CSYNC: RdataType = {
  type: 'CSYNC',
  parse(tokens, ctx) {
    const reader = new RdataReader(tokens, ctx, CSYNC_LAYOUT);
    const serial = reader.number('serial', 'SOA serial', MAX_U32);
    const flags = reader.number('flags', 'flags', MAX_U16);
    const types = readTypeList(reader);
    return !reader.failed && serial && flags ? [serial, flags, ...types] : undefined;
  },
  print(fields) {
    const types = printTypeBitmap(fields.slice(2));
    const head = `${numberOf(fields[0])} ${numberOf(fields[1])}`;
    return types ? `${head} ${types}` : head;
  },
};
