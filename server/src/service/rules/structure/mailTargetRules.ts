// MX and SRV rules: targets that are addresses, aliases or hosts without an address, and the
// shape of an owner's MX set (null MX, repeated hosts). The shared pass judges each MX and SRV
// record as it reads its target; these rules report what it found.
import type { Report, Rule } from '../rule';
import { structureFacts, type Finding } from './facts';

function reportAll(id: string, findings: readonly Finding[], report: Report): void {
  for (const f of findings) report(id, f.at, f.message, f.data);
}

export const mxTargetAddress: Rule = {
  id: 'mx-target-address',
  severity: 'error',
  title: 'MX target written as an IP address',
  source: 'RFC 7505 §3; RFC 5321 §5.1; BIND "MX is an address"',
  check(index, report) {
    reportAll('mx-target-address', structureFacts(index).mxTargetAddress, report);
  },
};

export const mxTargetCname: Rule = {
  id: 'mx-target-cname',
  severity: 'warning',
  title: 'MX target is a CNAME',
  source: 'RFC 2181 §10.3; RFC 5321 §5.1; BIND "is a CNAME (illegal)"',
  check(index, report) {
    reportAll('mx-target-cname', structureFacts(index).mxTargetCname, report);
  },
};

export const srvTargetCname: Rule = {
  id: 'zone-srv-target-cname',
  severity: 'warning',
  title: 'SRV target is a CNAME',
  source: 'RFC 2782; BIND "is a CNAME (illegal)"',
  check(index, report) {
    reportAll('zone-srv-target-cname', structureFacts(index).srvTargetCname, report);
  },
};

const NO_ADDRESS_SOURCE = 'BIND "has no address records (A or AAAA)"; RFC 2181 §10.3';

export const mxTargetNoAddress: Rule = {
  id: 'mx-target-no-address',
  severity: 'error',
  title: 'In-zone MX target without an address',
  source: NO_ADDRESS_SOURCE,
  check(index, report) {
    // The pass looks for these only in a whole zone: in a fragment the addresses may live in another file.
    reportAll('mx-target-no-address', structureFacts(index).mxTargetNoAddress, report);
  },
};

export const srvTargetNoAddress: Rule = {
  id: 'zone-srv-target-no-address',
  severity: 'error',
  title: 'In-zone SRV target without an address',
  source: NO_ADDRESS_SOURCE,
  check(index, report) {
    reportAll('zone-srv-target-no-address', structureFacts(index).srvTargetNoAddress, report);
  },
};

export const mxNullWithOthers: Rule = {
  id: 'mx-null-with-others',
  severity: 'error',
  title: 'Null MX beside other MX records',
  source: 'RFC 7505 §3',
  check(index, report) {
    reportAll('mx-null-with-others', structureFacts(index).mxNullWithOthers, report);
  },
};

export const mxNullPreference: Rule = {
  id: 'mx-null-preference',
  severity: 'warning',
  title: 'Null MX with a preference other than 0',
  source: 'RFC 7505 §3',
  check(index, report) {
    reportAll('mx-null-preference', structureFacts(index).mxNullPreference, report);
  },
};

export const mxDuplicateHost: Rule = {
  id: 'mx-duplicate-host',
  severity: 'warning',
  title: 'Same host in several MX records',
  source: 'RFC 5321 §5.1; checkdmarc',
  check(index, report) {
    reportAll('mx-duplicate-host', structureFacts(index).mxDuplicateHost, report);
  },
};
