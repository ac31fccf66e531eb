// NS rules: the apex NS set, and the targets of every NS record that this zone serves.
import type { RdataField, ZoneRecord } from '../../zone/types';
import type { Rule, ZoneIndex } from '../rule';
import { ownerLocation } from '../rule';
import { looksLikeAddress } from './nameChecks';
import { hasAddress, isBelowDname, structureFacts } from './facts';
import { isAtOrBelowCut, isBelowCut, isInZone, type NameTarget } from './zoneFacts';

function servedNsOwners(index: ZoneIndex): Set<string> {
  const facts = structureFacts(index);
  if (facts.servedNsOwners) return facts.servedNsOwners;
  const served = new Set([index.apex]);
  for (const d of index.delegations) if (isInZone(index, d) && !isBelowCut(index, d) && !isBelowDname(index, d)) served.add(d);
  return (facts.servedNsOwners = served);
}

/** Each NS record this zone serves with its target. */
function forEachServedNs(index: ZoneIndex, visit: (r: ZoneRecord, target: RdataField, key: string) => void): void {
  const served = servedNsOwners(index);
  for (const t of structureFacts(index).ns) if (served.has(t.ownerKey)) visit(t.record, t.field, t.key);
}

function fieldAt(r: ZoneRecord, f: RdataField) {
  return { file: r.file, start: f.start, end: f.end };
}

export const nsApexMissing: Rule = {
  id: 'ns-apex-missing',
  severity: 'error',
  title: 'No NS records at the zone apex',
  source: 'RFC 1035 §5.2; RFC 2182 §5; BIND "has no NS records"',
  check(index, report) {
    if (!index.wholeZone) return;
    const apexRecords = index.byOwner.get(index.apex) ?? [];
    if (apexRecords.some((r) => r.type === 'NS')) return;
    const soa = apexRecords.find((r) => r.type === 'SOA');
    report(
      'ns-apex-missing',
      soa ? ownerLocation(soa) : { file: 0, start: 0, end: 0 },
      `The zone '${index.parsed.origin}' has no NS records at its apex, so BIND refuses to load it and no resolver can find its servers. Add NS records at '@' naming the zone's name servers.`,
    );
  },
};

export const nsTooFew: Rule = {
  id: 'ns-too-few',
  severity: 'warning',
  title: 'Fewer than two name servers',
  source: 'RFC 2182 §5; RFC 1034 §4.1',
  check(index, report) {
    if (!index.wholeZone) return;
    // Only "one name server or several" matters, so comparing with each owner's first target suffices.
    const firstByOwner = new Map<string, NameTarget | null>();
    const served = servedNsOwners(index);
    for (const t of structureFacts(index).ns) {
      if (!served.has(t.ownerKey)) continue;
      const first = firstByOwner.get(t.ownerKey);
      if (first === undefined) firstByOwner.set(t.ownerKey, t);
      else if (first !== null && first.key !== t.key) firstByOwner.set(t.ownerKey, null);
    }
    for (const [owner, first] of firstByOwner) {
      if (first === null) continue;
      const what = owner === index.apex ? 'The zone' : `The delegation '${first.record.owner}'`;
      report('ns-too-few', ownerLocation(first.record), `${what} has only one name server; when it is down, the names become unresolvable. Add a second NS on another network.`);
    }
  },
};

export const nsTargetAddress: Rule = {
  id: 'ns-target-address',
  severity: 'error',
  title: 'NS target written as an IP address',
  source: 'RFC 1035 §3.3.11; BIND "appears to be an address"',
  check(index, report) {
    for (const { record: r, field: f } of structureFacts(index).ns) {
      if (f.raw === undefined || !looksLikeAddress(f.raw)) continue;
      report(
        'ns-target-address',
        fieldAt(r, f),
        `NS target '${f.raw}' is an IP address, but an NS record names a host: resolvers look up '${f.value}' as a name and find nothing. Write the server's host name and give it an A/AAAA record.`,
      );
    }
  },
};

export const nsTargetCname: Rule = {
  id: 'ns-target-cname',
  severity: 'error',
  title: 'NS target is a CNAME',
  source: 'RFC 2181 §10.3; BIND "is a CNAME (illegal)"',
  check(index, report) {
    const cnames = structureFacts(index).cnameTargets;
    if (cnames.size === 0) return;
    forEachServedNs(index, (r, f, key) => {
      const target = cnames.get(key);
      if (target === undefined) return;
      report(
        'ns-target-cname',
        fieldAt(r, f),
        `NS target '${f.value}' is an alias (CNAME to '${target}'); an NS record must name the server's canonical name, and BIND refuses the zone. Use '${target}'.`,
        { replacement: target },
      );
    });
  },
};

export const nsMissingGlue: Rule = {
  id: 'ns-missing-glue',
  severity: 'error',
  title: 'Missing glue for a name server inside a delegated zone',
  source: 'RFC 1034 §4.2.1; BIND "has no REQUIRED GLUE address records"',
  check(index, report) {
    if (!index.wholeZone || index.delegations.size === 0) return;
    forEachServedNs(index, (r, f, key) => {
      if (!isAtOrBelowCut(index, key) || hasAddress(index, key)) return;
      report(
        'ns-missing-glue',
        fieldAt(r, f),
        `Name server '${f.value}' lies inside a delegated zone, so resolvers can only reach it through glue, and this zone has no A or AAAA record for it. Add an A/AAAA record for '${f.value}' here.`,
        { owner: f.value, file: r.file },
      );
    });
  },
};

export const nsTargetNoAddress: Rule = {
  id: 'ns-target-no-address',
  severity: 'error',
  title: 'In-zone name server without an address',
  source: 'BIND "has no address records (A or AAAA)"; Knot "missing glue record"',
  check(index, report) {
    if (!index.wholeZone) return;
    const cnames = structureFacts(index).cnameTargets;
    forEachServedNs(index, (r, f, key) => {
      if (!isInZone(index, key) || isAtOrBelowCut(index, key) || isBelowDname(index, key)) return;
      if (cnames.has(key) || (f.raw !== undefined && looksLikeAddress(f.raw)) || hasAddress(index, key)) return;
      report(
        'ns-target-no-address',
        fieldAt(r, f),
        `Name server '${f.value}' is inside this zone but has no A or AAAA record, so resolvers cannot reach it. Add an address record for '${f.value}', or fix the name.`,
        { owner: f.value, file: r.file },
      );
    });
  },
};
