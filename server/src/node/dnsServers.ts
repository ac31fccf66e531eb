// DNS server addresses as users write them (`--dns-server`, `zonelint.dns.servers`).
import { isIP } from 'node:net';

export interface DnsServer {
  address: string;
  port: number;
}

/** `address`, `address:port`, `[v6]` or `[v6]:port` (a bare IPv6 address has no port), or undefined. */
export function parseDnsServer(text: string): DnsServer | undefined {
  const s = text.trim();
  let address: string;
  let port = 53;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracketed) {
    address = bracketed[1];
    if (bracketed[2] !== undefined) port = Number(bracketed[2]);
    if (isIP(address) !== 6) return undefined;
  } else if (isIP(s) !== 0) {
    address = s;
  } else {
    const m = /^([^:]+):(\d+)$/.exec(s);
    if (!m || isIP(m[1]) !== 4) return undefined;
    address = m[1];
    port = Number(m[2]);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { address, port };
}

export function formatDnsServer(server: DnsServer): string {
  const host = isIP(server.address) === 6 ? `[${server.address}]` : server.address;
  return server.port === 53 && isIP(server.address) === 4 ? host : `${host}:${server.port}`;
}

/** Splits repeated and comma-separated server options into single entries. */
export function splitDnsServers(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}
