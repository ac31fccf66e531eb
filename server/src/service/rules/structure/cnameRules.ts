// CNAME rules: an alias stands alone at its name, is single, and must end somewhere.
import type { ZoneRecord } from '../../zone/types';
import type { Rule } from '../rule';
import { field, ownerLocation } from '../rule';
import { rdataKey } from './rrsetRules';
import { structureFacts } from './zoneFacts';

/** Types allowed beside a CNAME: its DNSSEC signature and proof, and KEY (RFC 2181 §10.1, RFC 4035 §2.5). */
const BESIDE_CNAME: ReadonlySet<string> = new Set(['CNAME', 'RRSIG', 'NSEC', 'KEY', 'SIG', 'NXT']);

export const cnameOtherData: Rule = {
  id: 'cname-other-data',
  severity: 'error',
  title: 'CNAME beside other data',
  source: 'RFC 1034 §3.6.2; RFC 2181 §10.1; BIND "CNAME and other data"',
  check(index, report) {
    const cnames = structureFacts(index).cnameTargets;
    if (cnames.size === 0) return;
    for (const owner of cnames.keys()) {
      const records = index.byOwner.get(owner);
      if (!records || records.length < 2) continue;
      let cname: ZoneRecord | undefined;
      const others: string[] = [];
      for (const r of records) {
        if (r.type === 'CNAME') {
          if (!cname || (!cname.ownerSpan && r.ownerSpan)) cname = r;
        } else if (!BESIDE_CNAME.has(r.type) && !others.includes(r.type)) {
          others.push(r.type);
        }
      }
      if (!cname || others.length === 0) continue;
      const apex = owner === index.apex ? ' At the zone apex, which needs SOA and NS, an alias is never possible.' : '';
      report(
        'cname-other-data',
        ownerLocation(cname),
        `'${cname.owner}' has a CNAME and also ${others.join(', ')} records; an alias may have no other data, and BIND refuses the zone.${apex} Keep either the CNAME or the other records.`,
        { types: others },
      );
    }
  },
};

export const cnameMultiple: Rule = {
  id: 'cname-multiple',
  severity: 'error',
  title: 'More than one CNAME at a name',
  source: 'RFC 2181 §10.1; BIND "multiple RRs of singleton type"',
  check(index, report) {
    const cnames = structureFacts(index).cnameTargets;
    for (const owner of cnames.keys()) {
      const records = index.byOwner.get(owner);
      if (!records || records.length < 2) continue;
      let first: ZoneRecord | undefined;
      for (const r of records) {
        if (r.type !== 'CNAME') continue;
        if (!first) {
          first = r;
          continue;
        }
        if (rdataKey(r) === rdataKey(first)) continue;
        report(
          'cname-multiple',
          ownerLocation(r),
          `'${r.owner}' already has a CNAME to '${field(first, 'target')?.value}'; a name can be an alias of only one name. Keep one CNAME.`,
        );
      }
    }
  },
};

const MAX_NAMES_IN_MESSAGE = 8;

export const cnameLoop: Rule = {
  id: 'cname-loop',
  severity: 'error',
  title: 'CNAME chain that loops',
  source: 'RFC 1034 §3.6.2; RFC 1034 §5.3.3',
  check(index, report) {
    const cnames = structureFacts(index).cnameTargets;
    // 1: on the chain being followed, 2: finished; each alias is visited once, so the pass is linear.
    const state = new Map<string, 1 | 2>();
    for (const start of cnames.keys()) {
      if (state.has(start)) continue;
      const chain: string[] = [];
      let n: string | undefined = start;
      while (n !== undefined && cnames.has(n) && !state.has(n)) {
        state.set(n, 1);
        chain.push(n);
        n = cnames.get(n);
      }
      if (n !== undefined && state.get(n) === 1) {
        const loop = chain.slice(chain.indexOf(n));
        const shown = loop.slice(0, MAX_NAMES_IN_MESSAGE).join("' -> '") + (loop.length > MAX_NAMES_IN_MESSAGE ? "' -> ..." : `' -> '${n}'`);
        for (const name of loop) {
          const r = index.byOwner.get(name)?.find((x) => x.type === 'CNAME');
          if (!r) continue;
          report('cname-loop', ownerLocation(r), `This CNAME is part of a loop ('${shown}), so resolvers fail on every name in it. Point one of the aliases at a name with real data.`);
        }
      }
      for (const name of chain) state.set(name, 2);
    }
  },
};
