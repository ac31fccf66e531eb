// TXT (RFC 1035) and SPF (RFC 7208 §3.1): one or more character-strings.
import type { RdataField } from '../zone/types';
import type { RdataType } from './types';
import { RdataReader, quotedText } from './fieldReader';
import { WireCursor, rawTextOf } from './wireData';
import { decodeText, textValue } from '../zone/text';

/** RDLENGTH is 16 bits (RFC 1035 §3.2.1). */
const MAX_RDATA_OCTETS = 65535;

function textRecordType(type: string): RdataType {
  const layout = `${type} <"string"> ["string" ...]`;
  return {
    type,
    parse(tokens, ctx) {
      const reader = new RdataReader(tokens, ctx, layout);
      if (tokens.length === 0) return reader.missing('text');
      const fields: RdataField[] = [];
      let rawLength = 0;
      for (let i = 0; i < tokens.length; i++) {
        const read = reader.textFrom(tokens[i], 'string', 'string');
        if (read) fields.push(read.field);
        rawLength += tokens[i].text.length;
      }
      if (reader.failed) return undefined;
      // A raw character is at most three octets: only long records need the exact count.
      if (rawLength * 3 + tokens.length > MAX_RDATA_OCTETS) {
        let octets = 0;
        for (const t of tokens) octets += 1 + decodeText(t.text).bytes.length;
        if (octets > MAX_RDATA_OCTETS) {
          return reader.fault('syntax-rdata-too-long', `This ${type} record's data is ${octets} octets; the data of one record holds at most ${MAX_RDATA_OCTETS} (its length field has 16 bits), and BIND rejects the zone ("ran out of space"). Split the text over several records or shorten it.`, tokens[0].start, tokens[tokens.length - 1].end);
        }
      }
      return fields;
    },
    print(fields) {
      let s = '';
      for (let i = 0; i < fields.length; i++) s += (i > 0 ? ' ' : '') + quotedText(fields[i]);
      return s;
    },
    fromWire(wire) {
      if (wire.length === 0) return undefined;
      const cursor = new WireCursor(wire);
      const fields: RdataField[] = [];
      while (cursor.remaining > 0) {
        const bytes = cursor.characterString();
        if (!bytes) return undefined;
        fields.push({ name: 'string', value: textValue(bytes), start: 0, end: 0, raw: rawTextOf(bytes) });
      }
      return fields;
    },
  };
}

export const TXT = textRecordType('TXT');
export const SPF = textRecordType('SPF');
