// TXT (RFC 1035) and SPF (RFC 7208 §3.1): one or more character-strings.
import type { RdataField } from '../zone/types';
import type { RdataType } from './types';
import { RdataReader, quotedText } from './fieldReader';
import { WireCursor, rawTextOf } from './wireData';
import { textValue } from '../zone/text';

function textRecordType(type: string): RdataType {
  const layout = `${type} <"string"> ["string" ...]`;
  return {
    type,
    parse(tokens, ctx) {
      const reader = new RdataReader(tokens, ctx, layout);
      if (tokens.length === 0) return reader.missing('text');
      const fields: RdataField[] = [];
      for (let i = 0; i < tokens.length; i++) {
        const read = reader.textFrom(tokens[i], 'string', 'string');
        if (read) fields.push(read.field);
      }
      return reader.failed ? undefined : fields;
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
