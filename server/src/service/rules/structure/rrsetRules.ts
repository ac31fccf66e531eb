// Rules on what may live together: duplicate records, data hidden below a delegation, and
// data below or beside a DNAME.
import type { ZoneRecord } from '../../zone/types';
import type { Rule } from '../rule';
import { ownerLocation } from '../rule';
import { factRule, isBelowDname, structureFacts } from './facts';
import { isBelowCut, rdataKey } from './zoneFacts';

// Found per owner by the shared pass, which reads each RDATA key once.
export const zoneDuplicateRecord = factRule(
  { id: 'zone-duplicate-record', severity: 'information', title: 'Duplicate record', source: 'RFC 2181 §5; RFC 1034 §4.2.1' },
  (f) => [f.duplicateRecord],
);

/**
 * Types accepted at a delegation point: the delegation itself, its DNSSEC proof, and glue.
 * CNAME and DNAME beside NS are reported by their own rules.
 */
const AT_CUT_TYPES: ReadonlySet<string> = new Set(['NS', 'DS', 'NSEC', 'RRSIG', 'A', 'AAAA', 'CNAME', 'DNAME']);

export const zoneOccludedData: Rule = {
  id: 'zone-occluded-data',
  severity: 'warning',
  title: 'Non-glue data at or below a delegation',
  source: 'RFC 1034 §4.2.1',
  check(index, report) {
    if (index.delegations.size === 0) return;
    for (const [owner, records] of index.byOwner) {
      if (owner === index.apex) continue;
      const belowCut = isBelowCut(index, owner);
      const atCut = !belowCut && index.delegations.has(owner);
      if (!atCut && !belowCut) continue;
      for (const r of records) {
        // Address records below a cut are glue; at the cut only the delegation's own types belong.
        if (r.type === 'A' || r.type === 'AAAA') continue;
        if (atCut && AT_CUT_TYPES.has(r.type)) continue;
        const where = atCut ? `at the delegation point '${r.owner}'` : `below a delegation ('${r.owner}' lies inside a delegated child zone)`;
        report(
          'zone-occluded-data',
          ownerLocation(r),
          `This ${r.type} record is ${where}, so this zone never serves it: the child zone's servers answer for that name. Move the record to the child zone or delete it.`,
        );
      }
    }
  },
};

export const zoneDataBelowDname: Rule = {
  id: 'zone-data-below-dname',
  severity: 'error',
  title: 'Data below a DNAME',
  source: 'RFC 6672 §2.3; Knot "child record exists under DNAME"',
  check(index, report) {
    const dnames = structureFacts(index).dnameOwners;
    if (dnames.size === 0) return;
    for (const [owner, records] of index.byOwner) {
      if (!isBelowDname(index, owner)) continue;
      for (const r of records) {
        report(
          'zone-data-below-dname',
          ownerLocation(r),
          `This ${r.type} record at '${r.owner}' lies below a DNAME, which redirects every name below its owner; the record is never served. Move it to the DNAME's target or remove the DNAME.`,
        );
      }
    }
  },
};

export const zoneDnameConflict: Rule = {
  id: 'zone-dname-conflict',
  severity: 'error',
  title: 'NS beside a DNAME, or several DNAMEs at one name',
  source: 'RFC 6672 §2.3, §2.4; Knot "NS record exists beside DNAME", "multiple DNAME records"',
  check(index, report) {
    for (const owner of structureFacts(index).dnameOwners) {
      const records = index.byOwner.get(owner) ?? [];
      let firstDname: ZoneRecord | undefined;
      for (const r of records) {
        if (r.type === 'DNAME') {
          if (!firstDname) firstDname = r;
          else if (rdataKey(r) !== rdataKey(firstDname)) report('zone-dname-conflict', ownerLocation(r), `'${r.owner}' has more than one DNAME; a name redirects to one target only. Keep one DNAME.`);
        } else if (r.type === 'NS' && owner !== index.apex) {
          report(
            'zone-dname-conflict',
            ownerLocation(r),
            `'${r.owner}' has both NS and DNAME: a delegation point cannot also redirect (only the zone apex may hold both). Remove the NS records or the DNAME.`,
          );
        }
      }
    }
  },
};
