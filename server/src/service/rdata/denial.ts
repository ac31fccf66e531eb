// Authenticated denial (RFC 4034 §4, RFC 5155): NSEC, NSEC3, NSEC3PARAM; CSYNC (RFC 7477),
// which shares the type bitmap; and NXT (RFC 2535 §5), NSEC's predecessor. NXT fields: `next`,
// then one `type` field per type covered, its value the type number.
import type { RdataField } from '../zone/types';
import { recordTypeByCode, typeCodeOf, typeNameOf } from '../facts/recordTypes';
import type { RdataType } from './types';
import { MAX_U16, MAX_U32, MAX_U8, RdataReader, decimalValue, numberOf, stringOf } from './fieldReader';
import { bytesToHex, decodeBase32Hex, encodeBase32Hex, hexToBytes } from './encodings';
import { WireCursor, readTypeBitmap, wireField } from './wireData';

function typeFields(codes: readonly number[]): RdataField[] {
  return codes.map((code) => wireField('type', typeNameOf(code)));
}

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
  fromWire(wire) {
    const c = new WireCursor(wire);
    const next = c.name();
    const codes = next === undefined ? undefined : readTypeBitmap(c);
    if (!codes || codes.length === 0) return undefined;
    return [{ ...wireField('next', next!, next), relative: false }, ...typeFields(codes)];
  },
};

/** NXT's bitmap covers types 1-127 only (RFC 2535 §5.2). */
const NXT_MAX_TYPE = 127;
const NXT_LAYOUT = 'NXT <next name> [type ...]';

export const NXT: RdataType = {
  type: 'NXT',
  parse(tokens, ctx) {
    const reader = new RdataReader(tokens, ctx, NXT_LAYOUT);
    const next = reader.name('next', 'next name');
    const types: RdataField[] = [];
    while (!reader.done) {
      const token = reader.nextWord('type')!;
      // NXT also takes bare type numbers.
      const number = decimalValue(token.text);
      const code = number >= 0 ? number : typeCodeOf(token.text);
      if (code === undefined || code > MAX_U16) {
        reader.fieldFault(token, `'${token.text}' is not a record type: write a mnemonic such as A or MX, or a type number.`);
      } else if (code > NXT_MAX_TYPE) {
        reader.fieldFault(token, `'${token.text}' is type ${code}; an NXT bitmap covers types 1 to 127 only: remove it, or use NSEC.`);
      } else {
        types.push({ name: 'type', value: code, start: token.start, end: token.end });
      }
    }
    return !reader.failed && next ? [next, ...types] : undefined;
  },
  print(fields) {
    const codes = [...new Set(fields.slice(1).map((f) => numberOf(f)))].sort((a, b) => a - b);
    // BIND prints types it has no mnemonic for as bare numbers here.
    const names = codes.map((code) => (recordTypeByCode(code) ? typeNameOf(code) : String(code)));
    return names.length ? `${stringOf(fields[0])} ${names.join(' ')}` : stringOf(fields[0]);
  },
  fromWire(wire) {
    const c = new WireCursor(wire);
    const next = c.name();
    if (next === undefined || c.remaining > 16) return undefined;
    const types: RdataField[] = [];
    const bits = c.rest();
    for (let i = 0; i < bits.length; i++) {
      for (let b = 0; b < 8; b++) if (bits[i] & (0x80 >> b)) types.push(wireField('type', i * 8 + b));
    }
    return [{ ...wireField('next', next, next), relative: false }, ...types];
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

const MAX_HASH_LABEL = 63;
const SHA1_LENGTH = 20;

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
      const algorithm = hashAlgorithm ? numberOf(hashAlgorithm) : undefined;
      if (!bytes || bytes.length === 0) {
        reader.fieldFault(nextToken, `'${nextToken.text}' is not a valid next hashed owner name: write the hash in base32hex (0-9, a-v), e.g. 32 characters for SHA-1.`);
      } else if (nextToken.text.length > MAX_HASH_LABEL) {
        // The hash becomes an owner label, so BIND rejects one longer than 63 characters.
        reader.fieldFault(nextToken, `The next hashed owner name has ${nextToken.text.length} characters; it must fit in a label (at most 63): a SHA-1 hash has 32.`);
      } else if (algorithm === 1 && bytes.length !== SHA1_LENGTH) {
        reader.fieldFault(nextToken, `The next hashed owner name is ${bytes.length} octets long; a SHA-1 hash (algorithm 1) has 20 (32 base32hex characters).`);
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
  fromWire(wire) {
    const c = new WireCursor(wire);
    const head = readParamWire(c);
    const hash = head ? c.characterString() : undefined;
    if (!head || !hash || hash.length === 0 || (head[0].value === 1 && hash.length !== SHA1_LENGTH)) return undefined;
    const codes = readTypeBitmap(c);
    if (!codes) return undefined;
    return [...head, wireField('next', encodeBase32Hex(hash)), ...typeFields(codes)];
  },
};

/** Hash algorithm, flags, iterations and salt, as NSEC3 and NSEC3PARAM share them on the wire. */
function readParamWire(c: WireCursor): RdataField[] | undefined {
  const hashAlgorithm = c.u8();
  const flags = c.u8();
  const iterations = c.u16();
  const salt = iterations === undefined ? undefined : c.characterString();
  if (!salt) return undefined;
  return [wireField('hashAlgorithm', hashAlgorithm!), wireField('flags', flags!), wireField('iterations', iterations!), wireField('salt', salt.length ? bytesToHex(salt) : '-')];
}

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
  fromWire(wire) {
    const c = new WireCursor(wire);
    const fields = readParamWire(c);
    return fields && c.remaining === 0 ? fields : undefined;
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
  fromWire(wire) {
    const c = new WireCursor(wire);
    const serial = c.u32();
    const flags = c.u16();
    const codes = flags === undefined ? undefined : readTypeBitmap(c);
    if (!codes) return undefined;
    return [wireField('serial', serial!), wireField('flags', flags!), ...typeFields(codes)];
  },
};
