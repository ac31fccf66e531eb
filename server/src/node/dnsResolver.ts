// The live checks' DNS on node: the service's Resolver over UDP (TCP when an answer is
// truncated), with a per-query timeout, a per-document query budget and a cache that honours
// every answer's TTL.
//
// Queries are built and read with dns-packet rather than node:dns. node:dns gives a TTL only for
// A and AAAA answers and never the SOA of a negative answer, so TXT, MX and CNAME answers (the
// ones the mail checks live on) and NXDOMAIN/NODATA could only be cached for a guessed time.
// Reading the response ourselves gives every record's TTL, the SOA that RFC 2308 bases negative
// caching on, and the response code as sent (SERVFAIL and REFUSED kept apart).
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { getServers } from 'node:dns';
import { connect as tcpConnect, isIP } from 'node:net';
import * as dnsPacket from 'dns-packet';
import { formatDnsServer, parseDnsServer, splitDnsServers, type DnsServer } from './dnsServers';
export { formatDnsServer, parseDnsServer, splitDnsServers, type DnsServer } from './dnsServers';
import type { DnsAnswer, DnsStatus, MxAnswer, Resolver } from '../service/dns/resolver';


export interface DnsResolverOptions {
  /** Servers as `address` or `address:port` (`[v6]:port`); none: the system's resolvers. */
  servers?: string[];
  /** How long one server has to answer one query, in milliseconds (default 2000). */
  timeoutMs?: number;
  /** Queries this resolver may send (answers from the cache are free); default 100. */
  maxQueries?: number;
  /** Shared between resolvers (documents) so that one answer serves them all until it expires. */
  cache?: DnsCache;
}

export const DEFAULT_DNS_TIMEOUT_MS = 2000;
export const DEFAULT_DNS_MAX_QUERIES = 100;
/** Seconds a negative answer is kept when the response carries no SOA to say how long. */
const DEFAULT_NEGATIVE_TTL = 30;
/** CNAMEs followed for one lookup, in one response and across further queries together. */
const MAX_CNAME_CHAIN = 8;
/** The EDNS UDP payload size advertised (the DNS flag day 2020 value). */
const UDP_PAYLOAD_SIZE = 1232;

type QueryType = 'TXT' | 'A' | 'AAAA' | 'MX' | 'CNAME';

/** A lookup's result with how long it may be kept (seconds; 0 or less: not at all). */
interface Outcome {
  status: DnsStatus;
  records: unknown[];
  error?: string;
  ttl: number;
}

// ---------------------------------------------------------------------------------------------
// Servers


// ---------------------------------------------------------------------------------------------
// Cache

export interface DnsCacheOptions {
  /** Entries kept at most; the oldest go first (default 10000). */
  maxEntries?: number;
  /** An answer is kept no longer than this even when its TTL is longer (seconds, default 3600). */
  maxTtlSeconds?: number;
  /** The clock, in milliseconds (tests). */
  now?: () => number;
}

/**
 * Answers by server set, type and name, each kept for its TTL, and the queries under way, so
 * that identical lookups at the same time share one query. Failures are never kept.
 */
export class DnsCache {
  private readonly entries = new Map<string, { outcome: Outcome; expires: number }>();
  /** Lookups under way, shared by every resolver that uses this cache. */
  readonly inFlight = new Map<string, Promise<Outcome>>();
  private readonly maxEntries: number;
  private readonly maxTtl: number;
  readonly now: () => number;

  constructor(options: DnsCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10000;
    this.maxTtl = options.maxTtlSeconds ?? 3600;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  /** @internal */
  get(key: string): Outcome | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    const left = e.expires - this.now();
    if (left <= 0) {
      this.entries.delete(key);
      return undefined;
    }
    return e.outcome;
  }

  /** @internal */
  set(key: string, outcome: Outcome): void {
    if (outcome.status === 'error') return;
    const ttl = Math.min(outcome.ttl, this.maxTtl);
    if (!(ttl > 0)) return;
    this.entries.delete(key);
    this.entries.set(key, { outcome, expires: this.now() + ttl * 1000 });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Names

/** Lower case, no final dot; undefined when it cannot be sent as a query name. */
function normaliseName(name: string): string | undefined {
  let n = name.trim().toLowerCase();
  if (n.endsWith('.')) n = n.slice(0, -1);
  if (n === '' || n.length > 253 || /[\s\\]/.test(n)) return undefined;
  for (const label of n.split('.')) {
    const bytes = Buffer.byteLength(label, 'utf8');
    if (bytes === 0 || bytes > 63) return undefined;
  }
  return n;
}

const sameName = (a: string, b: string) => a.replace(/\.$/, '').toLowerCase() === b.replace(/\.$/, '').toLowerCase();

// ---------------------------------------------------------------------------------------------
// One exchange with one server

type Exchange = { response: dnsPacket.DecodedPacket } | { failure: string };

function secondsText(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

function socketFailure(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return 'server unreachable';
    case 'ECONNRESET':
      return 'connection reset';
    default:
      return error.code ?? error.message;
  }
}

function matches(response: dnsPacket.DecodedPacket, id: number, name: string, type: QueryType): boolean {
  if (response.id !== id || response.type !== 'response') return false;
  const q = response.questions?.[0];
  // Some servers leave the question out of an error response; the id has to do then.
  return q === undefined || (q.type === type && sameName(q.name, name));
}

function buildQuery(id: number, name: string, type: QueryType): dnsPacket.Packet {
  return {
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type, name, class: 'IN' }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: UDP_PAYLOAD_SIZE, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }],
  };
}

/** A query id that an off-path attacker cannot guess (with the random source port of each socket). */
function randomId(): number {
  return randomInt(0x10000);
}

/** Ask one server over UDP, resending once halfway through the timeout; TCP when truncated. */
function exchangeUdp(server: DnsServer, name: string, type: QueryType, timeoutMs: number): Promise<Exchange> {
  return new Promise((resolve) => {
    const id = randomId();
    let message: Buffer;
    try {
      message = dnsPacket.encode(buildQuery(id, name, type));
    } catch (e) {
      resolve({ failure: `cannot build the query (${(e as Error).message})` });
      return;
    }
    const socket = createSocket(isIP(server.address) === 6 ? 'udp6' : 'udp4');
    const started = Date.now();
    let done = false;
    const timers: NodeJS.Timeout[] = [];
    const stop = () => {
      done = true;
      for (const t of timers) clearTimeout(t);
      try {
        socket.close();
      } catch {
        // Already closed.
      }
    };
    const finish = (result: Exchange) => {
      if (done) return;
      stop();
      resolve(result);
    };
    const send = () => {
      if (!done) socket.send(message, (error) => error && finish({ failure: socketFailure(error) }));
    };
    socket.on('error', (error) => finish({ failure: socketFailure(error) }));
    socket.on('message', (data) => {
      if (done) return;
      let response: dnsPacket.DecodedPacket;
      try {
        response = dnsPacket.decode(data);
      } catch {
        return; // Not a DNS message: keep waiting for the real answer.
      }
      if (!matches(response, id, name, type)) return;
      if (response.flag_tc) {
        // Truncated: the same question over TCP, in the time left (at least a second).
        const left = timeoutMs - (Date.now() - started);
        stop();
        void exchangeTcp(server, name, type, Math.max(left, Math.min(timeoutMs, 1000)), timeoutMs).then(resolve);
        return;
      }
      finish({ response });
    });
    timers.push(setTimeout(() => finish({ failure: `timed out after ${secondsText(timeoutMs)} s` }), timeoutMs));
    socket.connect(server.port, server.address, () => {
      send();
      timers.push(setTimeout(send, timeoutMs / 2));
    });
  });
}

function exchangeTcp(server: DnsServer, name: string, type: QueryType, timeoutMs: number, reportedTimeoutMs: number): Promise<Exchange> {
  return new Promise((resolve) => {
    const id = randomId();
    let done = false;
    let buffered = Buffer.alloc(0);
    const socket = tcpConnect({ host: server.address, port: server.port });
    const finish = (result: Exchange) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ failure: `timed out after ${secondsText(reportedTimeoutMs)} s` }), timeoutMs);
    socket.on('error', (error) => finish({ failure: socketFailure(error) }));
    socket.on('close', () => finish({ failure: 'connection closed before the answer' }));
    socket.on('connect', () => {
      try {
        socket.write(dnsPacket.streamEncode(buildQuery(id, name, type)));
      } catch (e) {
        finish({ failure: `cannot build the query (${(e as Error).message})` });
      }
    });
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 2) return;
      const length = buffered.readUInt16BE(0);
      if (buffered.length < length + 2) return;
      try {
        const response = dnsPacket.decode(buffered.subarray(2, 2 + length));
        finish(matches(response, id, name, type) ? { response } : { failure: 'the answer does not match the query' });
      } catch {
        finish({ failure: 'malformed answer' });
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Reading a response

const RCODE_TEXT: Record<number, string> = {
  1: 'format error (FORMERR)',
  2: 'server failure (SERVFAIL)',
  4: 'not implemented (NOTIMP)',
  5: 'query refused (REFUSED)',
};

type Reading = Outcome | { cname: string; ttl: number };

function rdataOf(type: QueryType, answer: dnsPacket.Answer): unknown {
  const data = (answer as { data?: unknown }).data;
  switch (type) {
    case 'TXT': {
      const parts = Array.isArray(data) ? data : [data];
      return parts.map((p) => (Buffer.isBuffer(p) ? p.toString('utf8') : String(p))).join('');
    }
    case 'MX': {
      const mx = data as { preference?: number; exchange?: string };
      return { preference: Number(mx.preference ?? 0), exchange: String(mx.exchange ?? '').replace(/\.$/, '') } satisfies MxAnswer;
    }
    default:
      return String(data).replace(/\.$/, '');
  }
}

function ttlOf(answer: dnsPacket.Answer): number {
  const ttl = (answer as { ttl?: number }).ttl;
  return typeof ttl === 'number' && ttl >= 0 ? ttl : 0;
}

/** RFC 2308: a negative answer is kept for the smaller of the SOA's TTL and its minimum. */
function negativeTtl(response: dnsPacket.DecodedPacket): number {
  const soa = (response.authorities ?? []).find((a) => a.type === 'SOA') as dnsPacket.SoaAnswer | undefined;
  if (!soa) return DEFAULT_NEGATIVE_TTL;
  return Math.min(ttlOf(soa), Number(soa.data?.minimum ?? DEFAULT_NEGATIVE_TTL));
}

/** What a response says about `type` at `name`: an outcome, or a CNAME the server did not follow. */
function read(response: dnsPacket.DecodedPacket, name: string, type: QueryType): Reading {
  const rcode = (response.flags ?? 0) & 0xf;
  if (rcode !== 0 && rcode !== 3) return { status: 'error', records: [], error: RCODE_TEXT[rcode] ?? `the server answered with response code ${rcode}`, ttl: 0 };
  const answers = (response.answers ?? []).filter((a) => a.type !== 'OPT' && ((a as { class?: string }).class ?? 'IN') === 'IN');
  let current = name;
  let ttl = Infinity;
  const seen = new Set<string>();
  for (let step = 0; step <= MAX_CNAME_CHAIN; step++) {
    const here = answers.filter((a) => sameName(a.name, current));
    const found = here.filter((a) => a.type === type);
    if (found.length) {
      for (const a of found) ttl = Math.min(ttl, ttlOf(a));
      return { status: 'ok', records: found.map((a) => rdataOf(type, a)), ttl };
    }
    if (type === 'CNAME') break;
    const cname = here.find((a) => a.type === 'CNAME');
    if (!cname) break;
    ttl = Math.min(ttl, ttlOf(cname));
    seen.add(current.toLowerCase());
    current = rdataOf('CNAME', cname) as string;
    if (seen.has(current.toLowerCase())) return { status: 'error', records: [], error: 'CNAME loop', ttl: 0 };
    if (step === MAX_CNAME_CHAIN) return { status: 'error', records: [], error: `more than ${MAX_CNAME_CHAIN} CNAMEs in a chain`, ttl: 0 };
  }
  const hasSoa = (response.authorities ?? []).some((a) => a.type === 'SOA');
  if (rcode === 3) return { status: 'nxdomain', records: [], ttl: Math.min(ttl, negativeTtl(response)) };
  if (hasSoa) return { status: 'nodata', records: [], ttl: Math.min(ttl, negativeTtl(response)) };
  // A CNAME to a name the server did not answer for (an authoritative server whose zone ends there).
  if (!sameName(current, name)) return { cname: current, ttl };
  if (answers.length === 0 && (response.authorities ?? []).some((a) => a.type === 'NS')) {
    return { status: 'error', records: [], error: 'a referral instead of an answer (the server does not resolve recursively)', ttl: 0 };
  }
  return { status: 'nodata', records: [], ttl: Math.min(ttl, DEFAULT_NEGATIVE_TTL) };
}

// ---------------------------------------------------------------------------------------------
// The resolver

function errorOutcome(error: string): Outcome {
  return { status: 'error', records: [], error, ttl: 0 };
}

function toAnswer<T>(outcome: Outcome): DnsAnswer<T> {
  const answer: DnsAnswer<T> = { status: outcome.status, records: outcome.status === 'ok' ? (outcome.records.slice() as T[]) : [] };
  if (outcome.status === 'error') answer.error = outcome.error ?? 'lookup failed';
  return answer;
}

function systemServers(): string[] {
  try {
    return getServers();
  } catch {
    return [];
  }
}

/**
 * A Resolver for one document: at most `maxQueries` queries leave it (answers from the shared
 * cache and queries already under way cost nothing), each server gets `timeoutMs` to answer.
 * Every method resolves; failures are answers with status 'error'.
 */
export function createDnsResolver(options: DnsResolverOptions = {}): Resolver {
  const timeoutMs = options.timeoutMs !== undefined && options.timeoutMs > 0 ? options.timeoutMs : DEFAULT_DNS_TIMEOUT_MS;
  const maxQueries = options.maxQueries !== undefined && options.maxQueries >= 0 ? Math.floor(options.maxQueries) : DEFAULT_DNS_MAX_QUERIES;
  const cache = options.cache ?? new DnsCache();
  const given = splitDnsServers(options.servers ?? []);
  const texts = given.length ? given : systemServers();
  const servers: DnsServer[] = [];
  const unusable: string[] = [];
  for (const t of texts) {
    const s = parseDnsServer(t);
    if (s) servers.push(s);
    else unusable.push(t);
  }
  const serverKey = servers.map(formatDnsServer).join(',');
  let sent = 0;

  async function ask(name: string, type: QueryType): Promise<Reading> {
    const failures: string[] = [];
    for (const server of servers) {
      const result = await exchangeUdp(server, name, type, timeoutMs);
      if ('failure' in result) {
        failures.push(result.failure);
        continue;
      }
      const reading = read(result.response, name, type);
      // A server that fails or refuses: the next one may know better.
      if ('status' in reading && reading.status === 'error') {
        failures.push(reading.error ?? 'lookup failed');
        continue;
      }
      return reading;
    }
    return errorOutcome([...new Set(failures)].join('; ') || 'no DNS server answered');
  }

  async function query(name: string, type: QueryType, chain: readonly string[]): Promise<Outcome> {
    const reading = await ask(name, type);
    if ('status' in reading) return reading;
    // Follow the CNAME with a query of its own, through the cache and this document's budget.
    if ([...chain, name].includes(reading.cname.toLowerCase())) return errorOutcome('CNAME loop');
    if (chain.length >= MAX_CNAME_CHAIN) return errorOutcome(`more than ${MAX_CNAME_CHAIN} CNAMEs in a chain`);
    const next = await lookup(reading.cname, type, [...chain, name]);
    return { ...next, ttl: Math.min(next.ttl, reading.ttl) };
  }

  /**
   * `chain`: the names whose CNAMEs led here. Such follow-up lookups neither join nor announce
   * queries under way, so that lookups waiting on each other through a CNAME loop cannot wait
   * forever; the chain ends the loop instead.
   */
  function lookup(rawName: string, type: QueryType, chain: readonly string[] = []): Promise<Outcome> {
    const name = normaliseName(rawName);
    if (name === undefined) return Promise.resolve(errorOutcome(`'${rawName}' is not a domain name that can be looked up`));
    if (servers.length === 0) {
      return Promise.resolve(errorOutcome(unusable.length ? `no usable DNS server (${unusable.join(', ')})` : 'no DNS server configured'));
    }
    const key = `${serverKey} ${type} ${name}`;
    const cached = cache.get(key);
    if (cached) return Promise.resolve(cached);
    const shared = chain.length === 0;
    const pending = shared ? cache.inFlight.get(key) : undefined;
    if (pending) return pending;
    if (sent >= maxQueries) return Promise.resolve(errorOutcome(`query limit of ${maxQueries} reached`));
    sent++;
    const promise: Promise<Outcome> = query(name, type, chain)
      .catch((e: unknown) => errorOutcome(`lookup failed (${(e as Error)?.message ?? e})`))
      .then((outcome) => {
        cache.set(key, outcome);
        if (shared && cache.inFlight.get(key) === promise) cache.inFlight.delete(key);
        return outcome;
      });
    if (shared) cache.inFlight.set(key, promise);
    return promise;
  }

  async function safely<T>(run: () => Promise<DnsAnswer<T>>): Promise<DnsAnswer<T>> {
    try {
      return await run();
    } catch (e) {
      return { status: 'error', records: [], error: `lookup failed (${(e as Error)?.message ?? e})` };
    }
  }

  return {
    txt: (name) => safely(async () => toAnswer<string>(await lookup(name, 'TXT'))),
    mx: (name) => safely(async () => toAnswer<MxAnswer>(await lookup(name, 'MX'))),
    cname: (name) => safely(async () => toAnswer<string>(await lookup(name, 'CNAME'))),
    // A and AAAA together: 'ok' when either has addresses; otherwise the failure, else the
    // negative answer (NXDOMAIN only when both say so).
    addresses: (name) =>
      safely(async () => {
        const [a, aaaa] = await Promise.all([lookup(name, 'A'), lookup(name, 'AAAA')]);
        const both = [a, aaaa];
        if (both.some((o) => o.status === 'ok')) return { status: 'ok', records: both.flatMap((o) => (o.status === 'ok' ? (o.records as string[]) : [])) };
        const failed = both.find((o) => o.status === 'error');
        if (failed) return toAnswer<string>(failed);
        return { status: both.every((o) => o.status === 'nxdomain') ? 'nxdomain' : 'nodata', records: [] };
      }),
  };
}
