// CNAME rules: an alias stands alone at its name, is single, and must end somewhere.
import type { Rule } from '../rule';
import { ownerLocation } from '../rule';
import { factRule, structureFacts } from './facts';

// Found per owner by the shared pass, in the order of the owners' first CNAME.
export const cnameOtherData = factRule(
  { id: 'cname-other-data', severity: 'error', title: 'CNAME beside other data', source: 'RFC 1034 §3.6.2; RFC 2181 §10.1; BIND "CNAME and other data"' },
  (f) => [f.cnameOtherData],
);

export const cnameMultiple = factRule(
  { id: 'cname-multiple', severity: 'error', title: 'More than one CNAME at a name', source: 'RFC 2181 §10.1; BIND "multiple RRs of singleton type"' },
  (f) => [f.cnameMultiple],
);

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
    for (const [start, target] of cnames) {
      // An alias of a name that is no alias is on no loop; a later chain through it ends there all the same.
      if (!cnames.has(target) || state.has(start)) continue;
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
