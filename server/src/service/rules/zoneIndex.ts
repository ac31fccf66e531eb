import type { ParsedZone, ZoneRecord } from '../zone/types';
import { parentName } from '../zone/names';
import { OwnerTable } from './ownerTable';
import type { LintOptions, ZoneIndex } from './rule';

export function buildZoneIndex(parsed: ParsedZone, options: LintOptions): ZoneIndex {
  const apex = parsed.origin.toLowerCase();
  const byOwner = new OwnerTable(parsed.records);
  const delegations = new Set<string>();
  let hasSoa = false;
  for (const r of parsed.records) {
    if (r.type === 'SOA') hasSoa = true;
    else if (r.type === 'NS') {
      const key = r.owner.toLowerCase();
      if (key !== apex) delegations.add(key);
    }
  }
  const wholeZone = options.wholeZone ?? hasSoa;
  const recordsAt = (name: string, type?: string): ZoneRecord[] => {
    const list = byOwner.get(name);
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
