// Rules on how names are written: owners outside the zone, host-name syntax, misplaced
// wildcards, and relative names that were meant to be absolute.
import type { RdataField, ZoneRecord } from '../../zone/types';
import type { Report, Rule, ZoneIndex } from '../rule';
import { field, ownerLocation } from '../rule';
import { hostnameFault, looksLikeAddress, looksLikeForgottenDot, originOf } from './nameChecks';
import { isAtOrBelowCut, isInZone, ownerText, structureFacts } from './zoneFacts';

export const zoneOwnerOutside: Rule = {
  id: 'zone-owner-outside',
  severity: 'warning',
  title: 'Owner outside the zone',
  source: 'BIND "ignoring out-of-zone data"',
  check(index, report) {
    for (const [owner, records] of index.byOwner) {
      if (isInZone(index, owner)) continue;
      for (const r of records) {
        report(
          'zone-owner-outside',
          ownerLocation(r),
          `Owner '${r.owner}' is outside the zone '${index.parsed.origin}', so servers ignore this record. Write the owner relative to the zone, or move the record to the zone it belongs to.`,
        );
      }
    }
  },
};

/** Types whose owner is a host name (RFC 1123 §2.1; BIND check-names). */
const HOST_OWNER_TYPES: ReadonlySet<string> = new Set(['A', 'AAAA', 'MX']);

function underscoreFix(raw: string | undefined): { replacement: string } | undefined {
  return raw && raw.includes('_') ? { replacement: raw.replace(/_/g, '-') } : undefined;
}

export const zoneHostnameSyntax: Rule = {
  id: 'zone-hostname-syntax',
  severity: 'warning',
  title: 'Host name with characters other than letters, digits and hyphens',
  source: 'RFC 1123 §2.1; BIND "bad owner name (check-names)"',
  check(index, report) {
    for (const records of index.byOwner.values()) {
      let hostRecord: ZoneRecord | undefined;
      for (const r of records) {
        if (!HOST_OWNER_TYPES.has(r.type)) continue;
        if (!hostRecord || (!hostRecord.ownerSpan && r.ownerSpan)) hostRecord = r;
        if (hostRecord.ownerSpan) break;
      }
      if (!hostRecord) continue;
      const fault = hostnameFault(hostRecord.owner, true);
      if (!fault) continue;
      report(
        'zone-hostname-syntax',
        ownerLocation(hostRecord),
        `Owner '${hostRecord.owner}' of ${hostRecord.type} records is not a valid host name: label '${fault.label}' ${fault.reason}. BIND rejects it with check-names and mail servers may refuse it; use letters, digits and hyphens (for example '_' to '-').`,
        underscoreFix(ownerText(index, hostRecord)),
      );
    }
    const facts = structureFacts(index);
    for (const targets of [facts.mx, facts.ns]) {
      for (const { record: r, field: f } of targets) {
        if (r.generated || f.value === '.' || (f.raw !== undefined && looksLikeAddress(f.raw))) continue;
        const fault = hostnameFault(String(f.value), false);
        if (!fault) continue;
        report(
          'zone-hostname-syntax',
          { file: r.file, start: f.start, end: f.end },
          `${r.type} target '${f.value}' is not a valid host name: label '${fault.label}' ${fault.reason}. ${r.type === 'MX' ? 'Mail servers may refuse to deliver to it' : 'Resolvers and registries may refuse it'}; name a host with letters, digits and hyphens only.`,
          underscoreFix(f.raw),
        );
      }
    }
  },
};

export const zoneWildcardNotLeftmost: Rule = {
  id: 'zone-wildcard-not-leftmost',
  severity: 'warning',
  title: 'Wildcard label not leftmost',
  source: 'RFC 4592 §2.1.1',
  check(index, report) {
    for (const [owner, records] of index.byOwner) {
      const problem = wildcardProblem(owner);
      if (!problem) continue;
      const r = records.find((x) => x.ownerSpan) ?? records[0];
      report('zone-wildcard-not-leftmost', ownerLocation(r), `Owner '${r.owner}' ${problem}`);
    }
  },
};

function wildcardProblem(owner: string): string | undefined {
  if (owner.indexOf('*') < 0) return undefined;
  let labelStart = 0;
  for (let i = 0; i <= owner.length; i++) {
    if (i < owner.length && owner.charCodeAt(i) !== 0x2e) {
      if (owner.charCodeAt(i) === 0x5c) i++;
      continue;
    }
    const label = owner.slice(labelStart, i);
    if (label === '*' && labelStart > 0) {
      return "has '*' as an inner label: only a leftmost '*' is a wildcard, elsewhere it matches the literal name '*' only. Move the '*' to the front or remove it.";
    }
    if (label !== '*' && label.indexOf('*') >= 0) {
      return `has the label '${label}': a '*' inside a label is a literal character, not a wildcard. Use '*' as a whole leftmost label.`;
    }
    labelStart = i + 1;
  }
  return undefined;
}

function forgottenDotMessage(what: string, raw: string, absolute: string): string {
  return `${what} '${raw}' has no final dot, so it means '${absolute}'; add a final dot if the name is absolute.`;
}

function checkTarget(index: ZoneIndex, r: ZoneRecord, f: RdataField, report: Report): void {
  if (!f.relative || f.raw === undefined || typeof f.value !== 'string') return;
  const origin = originOf(f.raw, f.value, index.parsed.origin);
  if (!looksLikeForgottenDot(f.raw, origin, false)) return;
  // A target that exists in the zone as written was meant relative.
  const key = f.value.toLowerCase();
  if (index.byOwner.has(key) || isAtOrBelowCut(index, key)) return;
  report('zone-relative-target-fqdn', { file: r.file, start: f.start, end: f.end }, forgottenDotMessage(`${r.type} target`, f.raw, f.value), { replacement: f.raw + '.' });
}

export const zoneRelativeTargetFqdn: Rule = {
  id: 'zone-relative-target-fqdn',
  severity: 'warning',
  title: 'Relative name that looks like an absolute name without its final dot',
  source: 'RFC 1035 §5.1; BIND only notices indirectly ("has no address records")',
  check(index, report) {
    for (const r of index.parsed.records) {
      if (r.generated) continue;
      // Single-label owners, the usual case, cannot look absolute: skip them before slicing text.
      if (r.ownerRelative && r.ownerSpan && r.owner.lastIndexOf('.', r.ownerSpan.end - r.ownerSpan.start - 1) > 0) {
        const raw = ownerText(index, r);
        if (raw && raw !== '@' && looksLikeForgottenDot(raw, originOf(raw, r.owner, index.parsed.origin), true)) {
          report('zone-relative-target-fqdn', ownerLocation(r), forgottenDotMessage('Owner', raw, r.owner), { replacement: raw + '.' });
        }
      }
      // PTR and DNAME targets are read here; the others were read once for every rule.
      if (r.type === 'PTR' || r.type === 'DNAME') {
        const f = field(r, 'target');
        if (f) checkTarget(index, r, f, report);
      }
    }
    const facts = structureFacts(index);
    for (const targets of [facts.cname, facts.mx, facts.ns, facts.srv]) {
      for (const t of targets) if (!t.record.generated) checkTarget(index, t.record, t.field, report);
    }
  },
};
