// RFC 3597 generic RDATA: `\# <length> <hex ...>`, for any type.
import { TokenKind, type RdataField, type Token } from '../zone/types';
import { decodeText } from '../zone/text';
import { recordTypeByName } from '../facts/recordTypes';
import type { RdataContext, RdataType } from './types';
import { MAX_U16, MAX_U32, RdataReader, decimalValue } from './fieldReader';
import { bytesToHex } from './encodings';

const LAYOUT = '\\# <length> <hex data>';

/** Known types whose wire form may be empty; BIND rejects `\# 0` for every other known type. */
const EMPTY_ALLOWED = new Set(['APL', 'NULL', 'UINFO', 'UID', 'GID', 'UNSPEC']);

/** Whether BIND's lexer reads the token as a number (digits only, within 32 bits). */
function isLexerNumber(token: Token | undefined): boolean {
  if (!token || token.kind !== TokenKind.Word) return false;
  const text = token.text;
  if (text.length === 0 || text.length > 10) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return Number(text) <= MAX_U32;
}

/** TXT data that starts with a literal `\#` word: the strings as wire octets. */
function textWire(fields: readonly RdataField[]): Uint8Array {
  const parts = fields.map((f) => decodeText(f.raw ?? String(f.value)).bytes);
  const out = new Uint8Array(parts.reduce((n, p) => n + 1 + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out[o++] = p.length;
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Parse generic RDATA. For a known type whose wire form this layer decodes, the fields are the
 * type's own (BIND prints such records in their normal form); otherwise one `data` field.
 */
export function parseGenericRdata(
  tokens: readonly Token[],
  ctx: RdataContext,
  type?: string,
  module?: RdataType,
): { fields: RdataField[]; wire: Uint8Array } | undefined {
  // BIND reads TXT `\#` not followed by a number as the text "#" (an escaped '#').
  if (type === 'TXT' && module && !isLexerNumber(tokens[1])) {
    const fields = module.parse(tokens, ctx);
    return fields ? { fields, wire: textWire(fields) } : undefined;
  }
  const report: RdataContext = {
    origin: ctx.origin,
    typeSpan: ctx.typeSpan,
    // Generic RDATA faults all carry the generic-RDATA rule id.
    report: (code, message, start, end, data) => ctx.report(code === 'syntax-rdata-missing' || code === 'syntax-rdata-field' || code === 'syntax-rdata-extra' ? 'syntax-generic-rdata' : code, message, start, end, data),
  };
  const reader = new RdataReader(tokens, report, LAYOUT);
  const marker = reader.next('\\#');
  if (!marker || marker.kind !== TokenKind.Word || marker.text !== '\\#') {
    if (marker) reader.fieldFault(marker, `Generic RDATA starts with '\\#': write \\# <length> <hex data>.`);
    return undefined;
  }
  const lengthToken = reader.nextWord('length');
  if (!lengthToken) return undefined;
  const length = decimalValue(lengthToken.text);
  if (length < 0 || length > MAX_U16) {
    reader.fieldFault(lengthToken, `'${lengthToken.text}' is not a valid RDATA length: write the number of octets of the data, 0 to 65535.`);
    return undefined;
  }
  let wire: Uint8Array;
  let field: RdataField;
  if (length === 0 && reader.done) {
    wire = new Uint8Array(0);
    field = { name: 'data', value: '', start: lengthToken.end, end: lengthToken.end };
  } else {
    const read = reader.hexRest('data', 'data');
    if (!read) return undefined;
    wire = read.bytes;
    field = read.field;
    if (wire.length !== length) {
      reader.fault('syntax-generic-rdata', `The data has ${wire.length} octets but the length says ${length}: make them agree.`, lengthToken.start, field.end);
      return undefined;
    }
  }
  const name = type ?? module?.type;
  if (wire.length === 0 && name !== undefined && !EMPTY_ALLOWED.has(name) && recordTypeByName(name)) {
    reader.fault('syntax-generic-rdata', `${name} data cannot be empty: give its octets after \\# <length>, or write the record in its usual form.`, tokens[0].start, tokens[tokens.length - 1].end);
    return undefined;
  }
  if (module?.fromWire) {
    const fields = module.fromWire(wire, ctx.origin);
    if (!fields) {
      reader.fault('syntax-generic-rdata', `These ${length} octets are not valid ${name} data: check the octets against the ${name} wire format, or write the record in its usual form.`, tokens[0].start, tokens[tokens.length - 1].end);
      return undefined;
    }
    for (const f of fields) {
      f.start = field.start;
      f.end = field.end;
    }
    return { fields, wire };
  }
  return { fields: [field], wire };
}

/** Generic RDATA as BIND prints it: `\# <length>` then upper-case hex (unsplit here). */
export function printGeneric(wire: Uint8Array): string {
  return wire.length === 0 ? '\\# 0' : `\\# ${wire.length} ${bytesToHex(wire).toUpperCase()}`;
}
