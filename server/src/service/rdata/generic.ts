// RFC 3597 generic RDATA: `\# <length> <hex ...>`, for any type.
import { TokenKind, type RdataField, type Token } from '../zone/types';
import type { RdataContext, RdataType } from './types';
import { MAX_U16, RdataReader, decimalValue } from './fieldReader';
import { bytesToHex } from './encodings';

const LAYOUT = '\\# <length> <hex data>';

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
  if (module?.fromWire) {
    const fields = module.fromWire(wire, ctx.origin);
    if (!fields) {
      reader.fault('syntax-generic-rdata', `These ${length} octets are not valid ${type ?? module.type} data.`, tokens[0].start, tokens[tokens.length - 1].end);
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
