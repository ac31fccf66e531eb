// Rules on how names are written: owners outside the zone, host-name syntax, misplaced
// wildcards, and relative names that were meant to be absolute. The shared pass finds them,
// record by record and owner by owner.
import type { Report, Rule } from '../rule';
import { structureFacts, type Finding } from './facts';

function reportAll(id: string, findings: readonly Finding[], report: Report): void {
  for (const f of findings) report(id, f.at, f.message, f.data);
}

export const zoneOwnerOutside: Rule = {
  id: 'zone-owner-outside',
  severity: 'warning',
  title: 'Owner outside the zone',
  source: 'BIND "ignoring out-of-zone data"',
  check(index, report) {
    reportAll('zone-owner-outside', structureFacts(index).ownerOutside, report);
  },
};

export const zoneHostnameSyntax: Rule = {
  id: 'zone-hostname-syntax',
  severity: 'warning',
  title: 'Host name with characters other than letters, digits and hyphens',
  source: 'RFC 1123 §2.1; BIND "bad owner name (check-names)"',
  check(index, report) {
    const facts = structureFacts(index);
    reportAll('zone-hostname-syntax', facts.hostnameOwners, report);
    reportAll('zone-hostname-syntax', facts.hostnameMx, report);
    reportAll('zone-hostname-syntax', facts.hostnameNs, report);
  },
};

export const zoneWildcardNotLeftmost: Rule = {
  id: 'zone-wildcard-not-leftmost',
  severity: 'warning',
  title: 'Wildcard label not leftmost',
  source: 'RFC 4592 §2.1.1',
  check(index, report) {
    reportAll('zone-wildcard-not-leftmost', structureFacts(index).wildcardNotLeftmost, report);
  },
};

export const zoneRelativeTargetFqdn: Rule = {
  id: 'zone-relative-target-fqdn',
  severity: 'warning',
  title: 'Relative name that looks like an absolute name without its final dot',
  source: 'RFC 1035 §5.1; BIND only notices indirectly ("has no address records")',
  check(index, report) {
    const facts = structureFacts(index);
    for (const findings of [facts.relativeRecords, facts.relativeCname, facts.relativeMx, facts.relativeNs, facts.relativeSrv]) {
      reportAll('zone-relative-target-fqdn', findings, report);
    }
  },
};
