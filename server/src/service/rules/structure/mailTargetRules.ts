// MX and SRV rules: targets that are addresses, aliases or hosts without an address, and the
// shape of an owner's MX set (null MX, repeated hosts).
import type { RdataField, ZoneRecord } from '../../zone/types';
import type { Rule, ZoneIndex } from '../rule';
import { field } from '../rule';
import { looksLikeAddress } from './nameChecks';
import { hasAddress, isAtOrBelowCut, isBelowDname, isInZone, structureFacts, type NameTarget } from './zoneFacts';

/** Each MX or SRV record this zone serves with its target field, lower-cased; '.' (no service) is skipped. */
function forEachTarget(index: ZoneIndex, type: 'MX' | 'SRV', visit: (r: ZoneRecord, f: RdataField, key: string) => void): void {
  const facts = structureFacts(index);
  let lastOwner = '';
  let served = true;
  for (const t of type === 'MX' ? facts.mx : facts.srv) {
    if (t.key === '.') continue;
    if (t.ownerKey !== lastOwner) {
      lastOwner = t.ownerKey;
      // Records inside a delegated child are the child's business (zone-occluded-data says so).
      served = !isAtOrBelowCut(index, lastOwner);
    }
    if (served) visit(t.record, t.field, t.key);
  }
}

function at(r: ZoneRecord, f: RdataField) {
  return { file: r.file, start: f.start, end: f.end };
}

export const mxTargetAddress: Rule = {
  id: 'mx-target-address',
  severity: 'error',
  title: 'MX target written as an IP address',
  source: 'RFC 7505 §3; RFC 5321 §5.1; BIND "MX is an address"',
  check(index, report) {
    forEachTarget(index, 'MX', (r, f) => {
      if (f.raw === undefined || !looksLikeAddress(f.raw)) return;
      report(
        'mx-target-address',
        at(r, f),
        `MX target '${f.raw}' is an IP address, but an MX record names a host: senders look up '${f.value}' as a name, find nothing and cannot deliver mail. Write the mail server's host name and give it an A/AAAA record.`,
      );
    });
  },
};

function cnameRule(type: 'MX' | 'SRV', id: string, title: string, source: string): Rule {
  return {
    id,
    severity: 'warning',
    title,
    source,
    check(index, report) {
      const cnames = structureFacts(index).cnameTargets;
      if (cnames.size === 0) return;
      forEachTarget(index, type, (r, f, key) => {
        const target = cnames.get(key);
        if (target === undefined) return;
        const consequence = type === 'MX' ? 'some mail servers refuse to deliver to it' : 'clients may not follow it';
        report(
          id,
          at(r, f),
          `${type} target '${f.value}' is an alias (CNAME to '${target}'); the target must be a canonical host name and ${consequence}. Use '${target}'.`,
          { replacement: target },
        );
      });
    },
  };
}

export const mxTargetCname = cnameRule('MX', 'mx-target-cname', 'MX target is a CNAME', 'RFC 2181 §10.3; RFC 5321 §5.1; BIND "is a CNAME (illegal)"');
export const srvTargetCname = cnameRule('SRV', 'zone-srv-target-cname', 'SRV target is a CNAME', 'RFC 2782; BIND "is a CNAME (illegal)"');

function noAddressRule(type: 'MX' | 'SRV', id: string, title: string): Rule {
  return {
    id,
    severity: 'error',
    title,
    source: 'BIND "has no address records (A or AAAA)"; RFC 2181 §10.3',
    check(index, report) {
      // In a fragment the addresses may live in another file.
      if (!index.wholeZone) return;
      const cnames = structureFacts(index).cnameTargets;
      forEachTarget(index, type, (r, f, key) => {
        if (!isInZone(index, key) || isAtOrBelowCut(index, key) || isBelowDname(index, key)) return;
        if (cnames.has(key) || (f.raw !== undefined && looksLikeAddress(f.raw)) || hasAddress(index, key)) return;
        const consequence = type === 'MX' ? 'mail to this domain cannot be delivered to it' : 'clients cannot reach the service there';
        report(id, at(r, f), `${type} target '${f.value}' is inside this zone but has no A or AAAA record, so ${consequence}. Add an address record for '${f.value}', or fix the name.`, {
          owner: f.value,
          file: r.file,
        });
      });
    },
  };
}

export const mxTargetNoAddress = noAddressRule('MX', 'mx-target-no-address', 'In-zone MX target without an address');
export const srvTargetNoAddress = noAddressRule('SRV', 'zone-srv-target-no-address', 'In-zone SRV target without an address');

/** The MX records of each owner with more than one MX, in file order. */
function forEachMxSet(index: ZoneIndex, visit: (mx: NameTarget[]) => void): void {
  const byOwner = new Map<string, NameTarget | NameTarget[]>();
  for (const t of structureFacts(index).mx) {
    const seen = byOwner.get(t.ownerKey);
    if (seen === undefined) byOwner.set(t.ownerKey, t);
    else if (Array.isArray(seen)) seen.push(t);
    else byOwner.set(t.ownerKey, [seen, t]);
  }
  for (const set of byOwner.values()) if (Array.isArray(set)) visit(set);
}

export const mxNullWithOthers: Rule = {
  id: 'mx-null-with-others',
  severity: 'error',
  title: 'Null MX beside other MX records',
  source: 'RFC 7505 §3',
  check(index, report) {
    forEachMxSet(index, (mx) => {
      const nulls = mx.filter((t) => t.key === '.');
      if (nulls.length === 0 || nulls.length === mx.length) return;
      for (const { record: r, field: f } of nulls) {
        report(
          'mx-null-with-others',
          at(r, f),
          `The null MX ('.') says '${r.owner}' accepts no mail, but the name also has other MX records; senders may bounce mail or try the others. Remove the null MX if the domain receives mail, otherwise remove the other MX records.`,
        );
      }
    });
  },
};

export const mxNullPreference: Rule = {
  id: 'mx-null-preference',
  severity: 'warning',
  title: 'Null MX with a preference other than 0',
  source: 'RFC 7505 §3',
  check(index, report) {
    for (const t of structureFacts(index).mx) {
      if (t.key !== '.' || t.preference === undefined || t.preference === 0) continue;
      const pref = field(t.record, 'preference');
      if (!pref) continue;
      report('mx-null-preference', at(t.record, pref), `A null MX ('.') must have preference 0, not ${t.preference}. Set it to 0.`, { replacement: '0' });
    }
  },
};

export const mxDuplicateHost: Rule = {
  id: 'mx-duplicate-host',
  severity: 'warning',
  title: 'Same host in several MX records',
  source: 'RFC 5321 §5.1; checkdmarc',
  check(index, report) {
    forEachMxSet(index, (mx) => {
      const preferenceByHost = new Map<string, number>();
      for (const { record: r, field: exchange, key, preference } of mx) {
        if (key === '.' || preference === undefined) continue;
        const earlier = preferenceByHost.get(key);
        if (earlier === undefined) {
          preferenceByHost.set(key, preference);
          continue;
        }
        // The same host with the same preference is an exact duplicate, reported as such.
        if (earlier === preference) continue;
        report(
          'mx-duplicate-host',
          at(r, exchange),
          `'${exchange.value}' is already an MX host of '${r.owner}' with preference ${earlier}; listing it again with preference ${preference} adds no fallback. Delete this record or name another host.`,
        );
      }
    });
  },
};
