// MX and SRV rules: targets that are addresses, aliases or hosts without an address, and the
// shape of an owner's MX set (null MX, repeated hosts). The shared pass judges each MX and SRV
// record as it reads its target; these rules report what it found.
import { factRule } from './facts';

export const mxTargetAddress = factRule(
  { id: 'mx-target-address', severity: 'error', title: 'MX target written as an IP address', source: 'RFC 7505 §3; RFC 5321 §5.1; BIND "MX is an address"' },
  (f) => [f.mxTargetAddress],
);

export const mxTargetCname = factRule(
  { id: 'mx-target-cname', severity: 'warning', title: 'MX target is a CNAME', source: 'RFC 2181 §10.3; RFC 5321 §5.1; BIND "is a CNAME (illegal)"' },
  (f) => [f.mxTargetCname],
);

export const srvTargetCname = factRule(
  { id: 'zone-srv-target-cname', severity: 'warning', title: 'SRV target is a CNAME', source: 'RFC 2782; BIND "is a CNAME (illegal)"' },
  (f) => [f.srvTargetCname],
);

const NO_ADDRESS_SOURCE = 'BIND "has no address records (A or AAAA)"; RFC 2181 §10.3';

export const mxTargetNoAddress = factRule(
  { id: 'mx-target-no-address', severity: 'error', title: 'In-zone MX target without an address', source: NO_ADDRESS_SOURCE },
  (f) => [f.mxTargetNoAddress],
);

export const srvTargetNoAddress = factRule(
  { id: 'zone-srv-target-no-address', severity: 'error', title: 'In-zone SRV target without an address', source: NO_ADDRESS_SOURCE },
  (f) => [f.srvTargetNoAddress],
);

export const mxNullWithOthers = factRule(
  { id: 'mx-null-with-others', severity: 'error', title: 'Null MX beside other MX records', source: 'RFC 7505 §3' },
  (f) => [f.mxNullWithOthers],
);

export const mxNullPreference = factRule(
  { id: 'mx-null-preference', severity: 'warning', title: 'Null MX with a preference other than 0', source: 'RFC 7505 §3' },
  (f) => [f.mxNullPreference],
);

export const mxDuplicateHost = factRule(
  { id: 'mx-duplicate-host', severity: 'warning', title: 'Same host in several MX records', source: 'RFC 5321 §5.1; checkdmarc' },
  (f) => [f.mxDuplicateHost],
);
