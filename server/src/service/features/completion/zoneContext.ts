// What completion needs to know about the zone beyond the cursor's entry: the origin in effect,
// the record before the cursor and where the zone's mail goes. Zone-wide facts are gathered once
// per parse (a pass over the records' types, never their tokens) and kept with it.
import { parseName } from '../../zone/names';
import type { ParsedZone, ZoneRecord } from '../../zone/types';

export interface ZoneMailFacts {
  /** Distinct MX targets, absolute and lower case, in file order. */
  mxTargets: string[];
}

/** MX targets looked at; a zone with more is a bulk zone where completing names from them helps nobody. */
const MAX_MX_TARGETS = 32;

const mailFactsCache = new WeakMap<ParsedZone, ZoneMailFacts>();
const fileRecordsCache = new WeakMap<ParsedZone, ZoneRecord[]>();

export function zoneMailFacts(parsed: ParsedZone): ZoneMailFacts {
  let facts = mailFactsCache.get(parsed);
  if (facts) return facts;
  const targets = new Set<string>();
  for (const r of parsed.records) {
    if (r.type !== 'MX') continue;
    const exchange = r.fields?.find((f) => f.name === 'exchange')?.value;
    if (typeof exchange === 'string' && exchange !== '.') targets.add(exchange.toLowerCase());
    if (targets.size >= MAX_MX_TARGETS) break;
  }
  facts = { mxTargets: [...targets] };
  mailFactsCache.set(parsed, facts);
  return facts;
}

/** Records of the edited file (file 0) in file order; the zone's own list when nothing was included. */
function fileRecords(parsed: ParsedZone): readonly ZoneRecord[] {
  if (parsed.files.length <= 1) return parsed.records;
  let list = fileRecordsCache.get(parsed);
  if (!list) {
    list = parsed.records.filter((r) => r.file === 0);
    fileRecordsCache.set(parsed, list);
  }
  return list;
}

/** The last record of the edited file that starts before `offset`. */
export function recordBefore(parsed: ParsedZone, offset: number): ZoneRecord | undefined {
  const records = fileRecords(parsed);
  let lo = 0;
  let hi = records.length - 1;
  let found: ZoneRecord | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (records[mid].start < offset) {
      found = records[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The origin in effect at `offset` of the edited file: the zone's, changed by each $ORIGIN before it. */
export function originAt(parsed: ParsedZone, offset: number): string {
  let origin = parsed.origin;
  for (const d of parsed.directives) {
    if (d.file !== 0) continue;
    if (d.start >= offset) break;
    if (d.name !== '$ORIGIN' || d.args.length === 0) continue;
    const name = parseName(d.args[0].text, origin);
    if (!name.error) origin = name.name;
  }
  return origin;
}
