// What a lint may reach in a node process: $INCLUDE files below a root folder, and DNS through
// the configured servers with one cache for every document.
import type { LintEnvironment } from '../lintJob';
import { createDnsResolver, DnsCache } from './dnsResolver';
import { createFsIncludeHost } from './includeHost';

export function nodeLintEnvironment(log: (message: string) => void): LintEnvironment {
  const cache = new DnsCache();
  return {
    createIncludeHost: createFsIncludeHost,
    // One resolver per lint: its query budget is the document's.
    createResolver: (dns) => createDnsResolver({ servers: dns.servers, timeoutMs: dns.timeoutMs, maxQueries: dns.maxQueries, cache }),
    log,
  };
}
