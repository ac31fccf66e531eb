// A record in canonical presentation form: `owner TTL class type rdata`, absolute names,
// TTL in seconds, as named-compilezone prints it.
import { getRdataType, printGeneric } from '../rdata/index';
import type { ZoneRecord } from './types';

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

export function printRdata(record: ZoneRecord): string {
  const fields = record.fields;
  if (!fields) return record.rdata.map((t) => t.text).join(' ');
  const module = getRdataType(record.type);
  if (module && !(record.generic && fields.length === 1 && fields[0].name === 'data')) return module.print(fields);
  return printGeneric(hexToBytes(String(fields[0]?.value ?? '')));
}

export function printRecord(record: ZoneRecord): string {
  return `${record.owner} ${record.ttl} ${record.class} ${record.type} ${printRdata(record)}`;
}
