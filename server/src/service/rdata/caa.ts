// CAA (RFC 8659): flags, property tag and value; URI (RFC 7553): priority, weight, target.
import { TokenKind, type RdataField } from '../zone/types';
import { textValue } from '../zone/text';
import type { RdataType } from './types';
import { MAX_U16, MAX_U8, RdataReader, numberOf, quotedText, stringOf } from './fieldReader';
import { WireCursor, rawTextOf } from './wireData';

const CAA_LAYOUT = 'CAA <flags> <tag> <"value">';

function isAlphanumeric(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

export const CAA: RdataType = {
  type: 'CAA',
  parse(tokens, ctx) {
    const reader = new RdataReader(tokens, ctx, CAA_LAYOUT);
    const flags = reader.number('flags', 'flags', MAX_U8);
    if (reader.done) return reader.missing('tag');
    const tagToken = reader.next('tag')!;
    let tag: RdataField | undefined;
    if (tagToken.kind === TokenKind.Quoted || tagToken.text.length === 0) {
      reader.fieldFault(tagToken, `The CAA tag is a bare word such as issue, issuewild or iodef: remove the quotes.`);
    } else {
      const text = tagToken.text;
      let bad = -1;
      for (let i = 0; i < text.length && bad < 0; i++) if (!isAlphanumeric(text.charCodeAt(i))) bad = i;
      if (bad >= 0) {
        reader.fault('syntax-rdata-field', `'${text[bad]}' is not allowed in the CAA tag '${text}': a tag has only letters and digits (issue, issuewild, iodef).`, tagToken.start + bad, tagToken.start + bad + 1);
      } else if (text.length > MAX_U8) {
        reader.fieldFault(tagToken, `The CAA tag is ${text.length} characters long; a tag has at most 255.`);
      } else {
        tag = { name: 'tag', value: text, start: tagToken.start, end: tagToken.end };
      }
    }
    if (reader.done) return reader.missing('value');
    // The value is the rest of the RDATA on the wire, so it may exceed 255 octets.
    const value = reader.text('value', 'value', false)?.field;
    return reader.finish() && flags && tag && value ? [flags, tag, value] : undefined;
  },
  print(fields) {
    return `${stringOf(fields[0])} ${stringOf(fields[1])} ${quotedText(fields[2])}`;
  },
  fromWire(wire) {
    const cursor = new WireCursor(wire);
    const flags = cursor.u8();
    const tagLength = cursor.u8();
    if (flags === undefined || tagLength === undefined || tagLength === 0) return undefined;
    const tagBytes = cursor.take(tagLength);
    if (!tagBytes) return undefined;
    for (const b of tagBytes) if (!isAlphanumeric(b)) return undefined;
    const value = cursor.rest();
    return [
      { name: 'flags', value: flags, start: 0, end: 0 },
      { name: 'tag', value: textValue(tagBytes), start: 0, end: 0 },
      { name: 'value', value: textValue(value), start: 0, end: 0, raw: rawTextOf(value) },
    ];
  },
};

const URI_LAYOUT = 'URI <priority> <weight> <"target">';

export const URI: RdataType = {
  type: 'URI',
  parse(tokens, ctx) {
    const reader = new RdataReader(tokens, ctx, URI_LAYOUT);
    const priority = reader.number('priority', 'priority', MAX_U16);
    if (reader.done) return reader.missing('weight');
    const weight = reader.number('weight', 'weight', MAX_U16);
    if (reader.done) return reader.missing('target');
    const targetToken = reader.next('target')!;
    let target: RdataField | undefined;
    if (targetToken.kind !== TokenKind.Quoted) {
      reader.fieldFault(targetToken, `The URI target must be a quoted string: write "${targetToken.text}".`);
    } else {
      target = reader.textFrom(targetToken, 'target', 'target', false)?.field;
    }
    return reader.finish() && priority && weight && target ? [priority, weight, target] : undefined;
  },
  print(fields) {
    return `${numberOf(fields[0])} ${numberOf(fields[1])} ${quotedText(fields[2])}`;
  },
  fromWire(wire) {
    const cursor = new WireCursor(wire);
    const priority = cursor.u16();
    const weight = cursor.u16();
    if (priority === undefined || weight === undefined) return undefined;
    const target = cursor.rest();
    return [
      { name: 'priority', value: priority, start: 0, end: 0 },
      { name: 'weight', value: weight, start: 0, end: 0 },
      { name: 'target', value: textValue(target), start: 0, end: 0, raw: rawTextOf(target) },
    ];
  },
};
