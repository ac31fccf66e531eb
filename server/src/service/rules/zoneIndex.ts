import type { ParsedZone, ZoneRecord } from '../zone/types';
import { parentName } from '../zone/names';
import type { LintOptions, ZoneIndex } from './rule';

export function buildZoneIndex(parsed: ParsedZone, options: LintOptions): ZoneIndex {
  const apex = parsed.origin.toLowerCase();
  // Values start as the lone record and become arrays on a second record, so that the many
  // owners with one record cost no array with spare capacity.
  const grouped = new Map<string, ZoneRecord | ZoneRecord[]>();
  const delegations = new Set<string>();
  let hasSoa = false;
  let previousOwner: string | undefined;
  let key = '';
  for (const r of parsed.records) {
    // Records of one owner usually follow each other, often sharing the very same string.
    if (r.owner !== previousOwner) {
      previousOwner = r.owner;
      key = r.owner.toLowerCase();
    }
    const existing = grouped.get(key);
    if (existing === undefined) grouped.set(key, r);
    else if (Array.isArray(existing)) existing.push(r);
    else grouped.set(key, [existing, r]);
    if (r.type === 'SOA') hasSoa = true;
    else if (r.type === 'NS' && key !== apex) delegations.add(key);
  }
  for (const [k, v] of grouped) if (!Array.isArray(v)) grouped.set(k, [v]);
  const byOwner = grouped as Map<string, ZoneRecord[]>;
  const wholeZone = options.wholeZone ?? hasSoa;
  const recordsAt = (name: string, type?: string): ZoneRecord[] => {
    const list = byOwner.get(name.toLowerCase());
    if (!list) return [];
    return type ? list.filter((r) => r.type === type) : list;
  };
  const isBelowDelegation = (name: string): boolean => {
    if (delegations.size === 0) return false;
    let n = name.toLowerCase();
    // Names with escaped dots are rare; walk them label by label the careful way.
    const escaped = n.includes('\\');
    while (n !== apex && n !== '.' && n !== '') {
      if (delegations.has(n)) return true;
      if (escaped) n = parentName(n) ?? '';
      else {
        const dot = n.indexOf('.');
        n = dot < 0 || dot === n.length - 1 ? '.' : n.slice(dot + 1);
      }
    }
    return false;
  };
  return { parsed, options, apex, wholeZone, byOwner, delegations, recordsAt, isBelowDelegation };
}
