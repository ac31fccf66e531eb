// Rules on how names are written: owners outside the zone, host-name syntax, misplaced
// wildcards, and relative names that were meant to be absolute. The shared pass finds them,
// record by record and owner by owner.
import { factRule } from './facts';

export const zoneOwnerOutside = factRule(
  { id: 'zone-owner-outside', severity: 'warning', title: 'Owner outside the zone', source: 'BIND "ignoring out-of-zone data"' },
  (f) => [f.ownerOutside],
);

export const zoneHostnameSyntax = factRule(
  { id: 'zone-hostname-syntax', severity: 'warning', title: 'Host name with characters other than letters, digits and hyphens', source: 'RFC 1123 §2.1; BIND "bad owner name (check-names)"' },
  (f) => [f.hostnameOwners, f.hostnameMx, f.hostnameNs],
);

export const zoneWildcardNotLeftmost = factRule(
  { id: 'zone-wildcard-not-leftmost', severity: 'warning', title: 'Wildcard label not leftmost', source: 'RFC 4592 §2.1.1' },
  (f) => [f.wildcardNotLeftmost],
);

export const zoneRelativeTargetFqdn = factRule(
  { id: 'zone-relative-target-fqdn', severity: 'warning', title: 'Relative name that looks like an absolute name without its final dot', source: 'RFC 1035 §5.1; BIND only notices indirectly ("has no address records")' },
  (f) => [f.relativeRecords, f.relativeCname, f.relativeMx, f.relativeNs, f.relativeSrv],
);
