// What live checks may ask of DNS. The service only sees this interface; hosts decide whether
// queries are allowed at all (offline mode, settings, Workspace Trust) and which servers answer.

/** How a query ended. `error` covers timeouts, SERVFAIL, REFUSED and a spent query budget. */
export type DnsStatus = 'ok' | 'nxdomain' | 'nodata' | 'error';

export interface DnsAnswer<T> {
  status: DnsStatus;
  /** The answer's records; empty unless status is 'ok'. */
  records: T[];
  /** For 'error': what went wrong, in words fit for a message ("timed out after 3 s", "SERVFAIL"). */
  error?: string;
}

export interface MxAnswer {
  preference: number;
  exchange: string;
}

export interface Resolver {
  /** TXT records at `name`, each the record's strings joined with nothing between them. */
  txt(name: string): Promise<DnsAnswer<string>>;
  /** A and AAAA records at `name` (addresses as text). */
  addresses(name: string): Promise<DnsAnswer<string>>;
  mx(name: string): Promise<DnsAnswer<MxAnswer>>;
  /** The CNAME target at `name`, absolute without the final dot. */
  cname(name: string): Promise<DnsAnswer<string>>;
}
