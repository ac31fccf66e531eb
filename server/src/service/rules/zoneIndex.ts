import type { ParsedZone, ZoneRecord } from '../zone/types';
import { parentName } from '../zone/names';
import type { LintOptions, ZoneIndex } from './rule';

export function buildZoneIndex(parsed: ParsedZone, options: LintOptions): ZoneIndex {
  const apex = parsed.origin.toLowerCase();
  const byOwner = new Map<string, ZoneRecord[]>();
  const delegations = new Set<string>();
  let hasSoa = false;
  for (const r of parsed.records) {
    const key = r.owner.toLowerCase();
    let list = byOwner.get(key);
    if (!list) byOwner.set(key, (list = []));
    list.push(r);
    if (r.type === 'SOA') hasSoa = true;
    else if (r.type === 'NS' && key !== apex) delegations.add(key);
  }
  const wholeZone = options.wholeZone ?? hasSoa;
  const recordsAt = (name: string, type?: string): ZoneRecord[] => {
    const list = byOwner.get(name.toLowerCase());
    if (!list) return [];
    return type ? list.filter((r) => r.type === type) : list;
  };
  const isBelowDelegation = (name: string): boolean => {
    if (delegations.size === 0) return false;
    let n: string | undefined = name.toLowerCase();
    while (n && n !== apex && n !== '.') {
      if (delegations.has(n)) return true;
      n = parentName(n);
    }
    return false;
  };
  return { parsed, options, apex, wholeZone, byOwner, delegations, recordsAt, isBelowDelegation };
}
