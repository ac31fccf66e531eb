// The contract of a zone rule and the index of the zone that every rule reads.
import type { ParsedZone, RdataField, Severity, Span, ZoneRecord } from '../zone/types';
import type { RuleInfo } from './ruleInfo';
import type { Resolver } from '../dns/resolver';
import type { IsCancelled } from '../cancel';

export interface RuleLocation extends Span {
  file: number;
}

export type Report = (ruleId: string, at: RuleLocation, message: string, data?: unknown) => void;

export interface LintOptions {
  /**
   * True: the file is a whole zone (a missing SOA is an error). False: a fragment.
   * Undefined: a whole zone exactly when it has a SOA record.
   */
  wholeZone?: boolean;
  /** Unix time in seconds used for time-dependent checks (RRSIG validity); defaults to now. */
  now?: number;
  /**
   * Severity per rule id, applied to rule and parser diagnostics alike; 'off' drops the rule's
   * diagnostics. Unknown ids and values are ignored (validateRuleSeverities reports them).
   */
  ruleSeverities?: Record<string, Severity | 'off'>;
  /** Asked between rules: true stops the lint with LintCancelled. */
  isCancelled?: IsCancelled;
}

export interface Rule extends RuleInfo {
  /** The offline check: from the zone alone, never touching the network. */
  check(zone: ZoneIndex, report: Report): void;
  /**
   * The same check with DNS at hand (SPF includes outside the zone, DMARC report authorisation).
   * A live lint runs this instead of `check`, so it reports everything `check` would, with what
   * DNS told it on top. A query that fails is reported as `dns-lookup-failed` information, never
   * as a fault of the user's record.
   */
  checkLive?(zone: ZoneIndex, dns: Resolver, report: Report): Promise<void>;
}

/** A parsed zone with the lookups rules share, built once per lint. */
export interface ZoneIndex {
  parsed: ParsedZone;
  options: LintOptions;
  /** The zone apex (origin), absolute, lower case. */
  apex: string;
  /** The file is linted as a whole zone (has a SOA, or the user said so). */
  wholeZone: boolean;
  /** Records by owner name (looked up in any case; keys iterate lower-cased), in file order. */
  byOwner: ReadonlyMap<string, ZoneRecord[]>;
  /** Lower-cased names of delegation points (NS owners other than the apex). */
  delegations: Set<string>;
  /** Records of `type` at `name` (any case), in file order. */
  recordsAt(name: string, type?: string): ZoneRecord[];
  /** True when `name` is at or below a delegation point other than the apex (glue or occluded data). */
  isBelowDelegation(name: string): boolean;
}

export function field(record: ZoneRecord, name: string): RdataField | undefined {
  const fields = record.fields;
  if (!fields) return undefined;
  for (let i = 0; i < fields.length; i++) if (fields[i].name === name) return fields[i];
  return undefined;
}

/** Location of a record's field, or of the whole record when the field is missing. */
export function fieldLocation(record: ZoneRecord, name: string): RuleLocation {
  const f = field(record, name);
  return f ? { file: record.file, start: f.start, end: f.end } : recordLocation(record);
}

export function recordLocation(record: ZoneRecord): RuleLocation {
  return { file: record.file, start: record.start, end: record.end };
}

/** Location of the owner as written, or of the type when the owner was inherited. */
export function ownerLocation(record: ZoneRecord): RuleLocation {
  const s = record.ownerSpan ?? record.typeSpan;
  return { file: record.file, start: s.start, end: s.end };
}

/**
 * A value computed from the zone once per lint, when a rule first asks for it: the shared passes
 * (content records, mail records, SPF, DKIM, DMARC and DANE facts) and their memos.
 */
export function perLint<T>(compute: (zone: ZoneIndex) => T): (zone: ZoneIndex) => T {
  const values = new WeakMap<ZoneIndex, T>();
  return (zone) => {
    if (values.has(zone)) return values.get(zone) as T;
    const value = compute(zone);
    values.set(zone, value);
    return value;
  };
}
