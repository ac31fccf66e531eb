// MTA-STS (RFC 8461 §3.1) and TLS-RPT (RFC 8460 §3) TXT records read from their joined value.
// Both are a version field, then fields separated by ';', with case-sensitive names and values
// (%s in their ABNF) and no blanks around '='.
import { parseTagList, type TagSpec } from './tagList';

export interface VersionedRecord {
  value: string;
  tags: TagSpec[];
  /** The first field. */
  head: TagSpec | undefined;
  /** The record begins exactly with the version field followed by ';' (or, for a broken record, by blanks and ';'). */
  versionExact: boolean;
  /** Fields by name as written (case kept), first occurrence. */
  field(name: string): TagSpec | undefined;
  /** Every occurrence of a field. */
  fields(name: string): TagSpec[];
}

/** Reads `value` as a record whose first field must be exactly `version` (such as 'v=STSv1'). */
export function readVersioned(value: string, version: string): VersionedRecord {
  const { tags } = parseTagList(value);
  const head = tags[0];
  const [name, expected] = version.split('=');
  const versionExact =
    head !== undefined && head.start === 0 && head.hasEquals && head.name === name && head.value === expected && head.nameEnd + 1 === head.valueStart;
  return {
    value,
    tags,
    head,
    versionExact,
    field: (n) => tags.find((t) => t.hasEquals && t.name === n),
    fields: (n) => tags.filter((t) => t.hasEquals && t.name === n),
  };
}

/** RFC 8461 §3.1: the id is 1 to 32 letters and digits. */
export const STS_ID = /^[A-Za-z0-9]{1,32}$/;

/** True when the value is meant as an MTA-STS record though it may be broken. */
export function looksLikeSts(value: string): boolean {
  return /^\s*v\s*=\s*sts/i.test(value) || /(^|;)\s*id\s*=/i.test(value);
}

/** True when the value is meant as a TLS-RPT record though it may be broken. */
export function looksLikeTlsRpt(value: string): boolean {
  return /^\s*v\s*=\s*tlsrpt/i.test(value) || /(^|;)\s*rua\s*=/i.test(value);
}
