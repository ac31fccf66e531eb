// The one diagnostic live checks report about DNS itself: a query that could not be answered.
// It is information about the lookup, never a fault of the user's record.
import type { DnsAnswer } from '../dns/resolver';
import type { RuleInfo } from './ruleInfo';
import type { Report, RuleLocation } from './rule';

export const DNS_LOOKUP_FAILED: RuleInfo = {
  id: 'dns-lookup-failed',
  severity: 'information',
  title: 'A live DNS lookup failed',
  source: 'zonelint live checks',
};

/** Reports a failed query (status 'error') at `at`; returns true when it did. */
export function reportLookupFailure(report: Report, at: RuleLocation, name: string, type: string, answer: DnsAnswer<unknown>, purpose: string): boolean {
  if (answer.status !== 'error') return false;
  report(
    DNS_LOOKUP_FAILED.id,
    at,
    `The ${type} lookup of ${name} failed (${answer.error ?? 'no answer'}), so ${purpose} could not be checked. This says nothing about this record; the check runs again on the next change.`,
    { name, type },
  );
  return true;
}
