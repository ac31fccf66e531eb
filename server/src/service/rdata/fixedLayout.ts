// Types whose RDATA is a fixed sequence of simple fields (numbers, durations, names,
// character-strings), described once and used for parsing, printing and wire decoding.
import type { RdataField } from '../zone/types';
import type { RdataType } from './types';
import { MAX_U16, MAX_U32, MAX_U8, RdataReader, quotedText, stringOf } from './fieldReader';
import { WireCursor, rawTextOf } from './wireData';
import { textValue } from '../zone/text';

export type FieldKind = 'u8' | 'u16' | 'u32' | 'duration' | 'name' | 'text';

export interface FieldSpec {
  name: string;
  /** How messages call the field. */
  label: string;
  kind: FieldKind;
}

const MAX_OF: Record<'u8' | 'u16' | 'u32', number> = { u8: MAX_U8, u16: MAX_U16, u32: MAX_U32 };

export function field(name: string, kind: FieldKind, label = name): FieldSpec {
  return { name, kind, label };
}

/** Reads one field of the given kind; shared by the layouts of other modules. */
export function readField(reader: RdataReader, spec: FieldSpec): RdataField | undefined {
  switch (spec.kind) {
    case 'u8':
    case 'u16':
    case 'u32':
      return reader.number(spec.name, spec.label, MAX_OF[spec.kind]);
    case 'duration':
      return reader.duration(spec.name, spec.label);
    case 'name':
      return reader.name(spec.name, spec.label);
    case 'text':
      return reader.text(spec.name, spec.label)?.field;
  }
}

export function printField(kind: FieldKind, f: RdataField | undefined): string {
  return kind === 'text' ? quotedText(f) : stringOf(f);
}

export function readWireField(cursor: WireCursor, spec: FieldSpec): RdataField | undefined {
  let value: string | number | undefined;
  let raw: string | undefined;
  switch (spec.kind) {
    case 'u8':
      value = cursor.u8();
      break;
    case 'u16':
      value = cursor.u16();
      break;
    case 'u32':
    case 'duration':
      value = cursor.u32();
      break;
    case 'name':
      value = cursor.name();
      raw = value;
      break;
    case 'text': {
      const bytes = cursor.characterString();
      if (bytes) {
        value = textValue(bytes);
        raw = rawTextOf(bytes);
      }
      break;
    }
  }
  if (value === undefined) return undefined;
  const f: RdataField = { name: spec.name, value, start: 0, end: 0 };
  if (raw !== undefined) f.raw = raw;
  if (spec.kind === 'name') f.relative = false;
  return f;
}

/** An RdataType for a fixed layout, e.g. fixedLayoutType('MX', [u16 preference, name exchange]). */
export function fixedLayoutType(type: string, specs: readonly FieldSpec[]): RdataType {
  const layout = `${type} ${specs.map((s) => `<${s.label}>`).join(' ')}`;
  return {
    type,
    parse(tokens, ctx) {
      const reader = new RdataReader(tokens, ctx, layout);
      const fields: RdataField[] = [];
      for (const spec of specs) {
        if (reader.done) {
          reader.missing(spec.label);
          return undefined;
        }
        const f = readField(reader, spec);
        if (f) fields.push(f);
      }
      return reader.finish() ? fields : undefined;
    },
    print(fields) {
      let s = '';
      for (let i = 0; i < specs.length; i++) {
        if (i > 0) s += ' ';
        s += printField(specs[i].kind, fields[i]);
      }
      return s;
    },
    fromWire(wire) {
      const cursor = new WireCursor(wire);
      const fields: RdataField[] = [];
      for (const spec of specs) {
        const f = readWireField(cursor, spec);
        if (!f) return undefined;
        fields.push(f);
      }
      return cursor.remaining === 0 ? fields : undefined;
    },
  };
}

const target = [field('target', 'name', 'target name')];

export const NS = fixedLayoutType('NS', [field('target', 'name', 'name server')]);
export const CNAME = fixedLayoutType('CNAME', [field('target', 'name', 'canonical name')]);
export const DNAME = fixedLayoutType('DNAME', [field('target', 'name', 'target name')]);
export const PTR = fixedLayoutType('PTR', [field('target', 'name', 'target name')]);
export const MB = fixedLayoutType('MB', target);
export const MG = fixedLayoutType('MG', target);
export const MR = fixedLayoutType('MR', target);
export const MD = fixedLayoutType('MD', target);
export const MF = fixedLayoutType('MF', target);
export const MX = fixedLayoutType('MX', [field('preference', 'u16'), field('exchange', 'name', 'mail exchange name')]);
export const KX = fixedLayoutType('KX', [field('preference', 'u16'), field('exchange', 'name', 'key exchanger name')]);
export const LP = fixedLayoutType('LP', [field('preference', 'u16'), field('target', 'name', 'locator name')]);
export const AFSDB = fixedLayoutType('AFSDB', [field('subtype', 'u16'), field('hostname', 'name', 'server name')]);
export const RT = fixedLayoutType('RT', [field('preference', 'u16'), field('target', 'name', 'intermediate host')]);
export const RP = fixedLayoutType('RP', [field('mailbox', 'name', 'mailbox name'), field('txtDomain', 'name', 'TXT name')]);
export const MINFO = fixedLayoutType('MINFO', [field('rmailbx', 'name', 'responsible mailbox'), field('emailbx', 'name', 'error mailbox')]);
export const PX = fixedLayoutType('PX', [field('preference', 'u16'), field('map822', 'name', 'RFC 822 domain'), field('mapx400', 'name', 'X.400 domain')]);
export const SRV = fixedLayoutType('SRV', [
  field('priority', 'u16'),
  field('weight', 'u16'),
  field('port', 'u16'),
  field('target', 'name', 'target host'),
]);
export const SOA = fixedLayoutType('SOA', [
  field('mname', 'name', 'primary server name'),
  field('rname', 'name', 'contact mailbox name'),
  field('serial', 'u32'),
  field('refresh', 'duration', 'refresh timer'),
  field('retry', 'duration', 'retry timer'),
  field('expire', 'duration', 'expire timer'),
  field('minimum', 'duration', 'negative-caching TTL (minimum)'),
]);
export const HINFO = fixedLayoutType('HINFO', [field('cpu', 'text', 'CPU string'), field('os', 'text', 'OS string')]);
