// Resource record types: mnemonic, code, defining RFC and what the type is for.
// Shared by the parser (type recognition), hover and completion.

export interface RecordTypeFact {
  name: string;
  code: number;
  rfc: string;
  summary: string;
  /** Obsolete or experimental: still parsed, rarely what the user wants. */
  obsolete?: boolean;
}

export const RECORD_TYPES: readonly RecordTypeFact[] = [
  { name: 'A', code: 1, rfc: 'RFC 1035', summary: 'IPv4 address of the name.' },
  { name: 'NS', code: 2, rfc: 'RFC 1035', summary: 'Authoritative name server for the zone (at the apex) or for a delegated child zone.' },
  { name: 'MD', code: 3, rfc: 'RFC 1035', summary: 'Mail destination (obsolete; use MX).', obsolete: true },
  { name: 'MF', code: 4, rfc: 'RFC 1035', summary: 'Mail forwarder (obsolete; use MX).', obsolete: true },
  { name: 'CNAME', code: 5, rfc: 'RFC 1035', summary: 'Alias: the name is another name for the target, and may have no other data.' },
  { name: 'SOA', code: 6, rfc: 'RFC 1035', summary: 'Start of authority: primary server, contact mailbox, serial and timers of the zone.' },
  { name: 'MB', code: 7, rfc: 'RFC 1035', summary: 'Mailbox domain name (experimental).', obsolete: true },
  { name: 'MG', code: 8, rfc: 'RFC 1035', summary: 'Mail group member (experimental).', obsolete: true },
  { name: 'MR', code: 9, rfc: 'RFC 1035', summary: 'Mail rename domain name (experimental).', obsolete: true },
  { name: 'NULL', code: 10, rfc: 'RFC 1035', summary: 'Null record (experimental; not allowed in zone files).', obsolete: true },
  { name: 'WKS', code: 11, rfc: 'RFC 1035', summary: 'Well-known services (obsolete).', obsolete: true },
  { name: 'PTR', code: 12, rfc: 'RFC 1035', summary: 'Pointer to a name, used for reverse DNS.' },
  { name: 'HINFO', code: 13, rfc: 'RFC 1035, RFC 8482', summary: 'Host information: CPU and OS strings.' },
  { name: 'MINFO', code: 14, rfc: 'RFC 1035', summary: 'Mailbox or mail list information (experimental).', obsolete: true },
  { name: 'MX', code: 15, rfc: 'RFC 1035, RFC 7505', summary: 'Mail exchanger: where mail for the name is delivered, by preference (lowest first).' },
  { name: 'TXT', code: 16, rfc: 'RFC 1035', summary: 'Text strings; carries SPF, DMARC, DKIM, MTA-STS, TLS-RPT and verification tokens.' },
  { name: 'RP', code: 17, rfc: 'RFC 1183', summary: 'Responsible person: mailbox and TXT name.' },
  { name: 'AFSDB', code: 18, rfc: 'RFC 1183', summary: 'AFS database location.' },
  { name: 'X25', code: 19, rfc: 'RFC 1183', summary: 'X.25 PSDN address.', obsolete: true },
  { name: 'ISDN', code: 20, rfc: 'RFC 1183', summary: 'ISDN address.', obsolete: true },
  { name: 'RT', code: 21, rfc: 'RFC 1183', summary: 'Route through.', obsolete: true },
  { name: 'NSAP', code: 22, rfc: 'RFC 1706', summary: 'NSAP address.', obsolete: true },
  { name: 'NSAP-PTR', code: 23, rfc: 'RFC 1706', summary: 'NSAP pointer.', obsolete: true },
  { name: 'SIG', code: 24, rfc: 'RFC 2535', summary: 'Signature (obsolete; see RRSIG).', obsolete: true },
  { name: 'KEY', code: 25, rfc: 'RFC 2535', summary: 'Public key (obsolete for DNSSEC; see DNSKEY).', obsolete: true },
  { name: 'PX', code: 26, rfc: 'RFC 2163', summary: 'X.400 mail mapping.', obsolete: true },
  { name: 'GPOS', code: 27, rfc: 'RFC 1712', summary: 'Geographical position (obsolete; see LOC).', obsolete: true },
  { name: 'AAAA', code: 28, rfc: 'RFC 3596', summary: 'IPv6 address of the name.' },
  { name: 'LOC', code: 29, rfc: 'RFC 1876', summary: 'Geographical location.' },
  { name: 'NXT', code: 30, rfc: 'RFC 2535', summary: 'Next domain (obsolete; see NSEC).', obsolete: true },
  { name: 'EID', code: 31, rfc: 'draft', summary: 'Endpoint identifier.', obsolete: true },
  { name: 'NIMLOC', code: 32, rfc: 'draft', summary: 'Nimrod locator.', obsolete: true },
  { name: 'SRV', code: 33, rfc: 'RFC 2782', summary: 'Service location: priority, weight, port and target host of a service.' },
  { name: 'ATMA', code: 34, rfc: 'ATM Forum', summary: 'ATM address.', obsolete: true },
  { name: 'NAPTR', code: 35, rfc: 'RFC 3403', summary: 'Naming authority pointer: rewrite rules (ENUM, SIP).' },
  { name: 'KX', code: 36, rfc: 'RFC 2230', summary: 'Key exchanger.' },
  { name: 'CERT', code: 37, rfc: 'RFC 4398', summary: 'Certificate or CRL.' },
  { name: 'A6', code: 38, rfc: 'RFC 2874', summary: 'IPv6 address (historic; use AAAA).', obsolete: true },
  { name: 'DNAME', code: 39, rfc: 'RFC 6672', summary: 'Redirects every name below the owner to the same name below the target.' },
  { name: 'SINK', code: 40, rfc: 'draft', summary: 'Kitchen sink.', obsolete: true },
  { name: 'OPT', code: 41, rfc: 'RFC 6891', summary: 'EDNS pseudo-record (never in a zone file).' },
  { name: 'APL', code: 42, rfc: 'RFC 3123', summary: 'Address prefix list.' },
  { name: 'DS', code: 43, rfc: 'RFC 4034', summary: 'Delegation signer: digest of the child zone\'s key, published in the parent.' },
  { name: 'SSHFP', code: 44, rfc: 'RFC 4255', summary: 'SSH host key fingerprint.' },
  { name: 'IPSECKEY', code: 45, rfc: 'RFC 4025', summary: 'IPsec key.' },
  { name: 'RRSIG', code: 46, rfc: 'RFC 4034', summary: 'DNSSEC signature over an RRset.' },
  { name: 'NSEC', code: 47, rfc: 'RFC 4034', summary: 'DNSSEC authenticated denial: next owner name and types present.' },
  { name: 'DNSKEY', code: 48, rfc: 'RFC 4034', summary: 'DNSSEC public key of the zone.' },
  { name: 'DHCID', code: 49, rfc: 'RFC 4701', summary: 'DHCP client identifier.' },
  { name: 'NSEC3', code: 50, rfc: 'RFC 5155', summary: 'DNSSEC hashed authenticated denial.' },
  { name: 'NSEC3PARAM', code: 51, rfc: 'RFC 5155', summary: 'Parameters of the NSEC3 chain of the zone.' },
  { name: 'TLSA', code: 52, rfc: 'RFC 6698, RFC 7672', summary: 'DANE: the certificate or key a TLS server at this port must present.' },
  { name: 'SMIMEA', code: 53, rfc: 'RFC 8162', summary: 'S/MIME certificate association.' },
  { name: 'HIP', code: 55, rfc: 'RFC 8005', summary: 'Host identity protocol.' },
  { name: 'NINFO', code: 56, rfc: 'draft', summary: 'Zone status information.', obsolete: true },
  { name: 'RKEY', code: 57, rfc: 'draft', summary: 'Resource key.', obsolete: true },
  { name: 'TALINK', code: 58, rfc: 'draft', summary: 'Trust anchor link.', obsolete: true },
  { name: 'CDS', code: 59, rfc: 'RFC 7344', summary: 'Child copy of DS, for the parent to pick up.' },
  { name: 'CDNSKEY', code: 60, rfc: 'RFC 7344', summary: 'Child copy of DNSKEY, for the parent to pick up.' },
  { name: 'OPENPGPKEY', code: 61, rfc: 'RFC 7929', summary: 'OpenPGP public key.' },
  { name: 'CSYNC', code: 62, rfc: 'RFC 7477', summary: 'Child-to-parent synchronisation.' },
  { name: 'ZONEMD', code: 63, rfc: 'RFC 8976', summary: 'Message digest of the zone.' },
  { name: 'SVCB', code: 64, rfc: 'RFC 9460', summary: 'Service binding: endpoints and parameters of a service.' },
  { name: 'HTTPS', code: 65, rfc: 'RFC 9460', summary: 'Service binding for HTTPS: endpoints, ALPN, ECH and address hints.' },
  { name: 'DSYNC', code: 66, rfc: 'RFC 9859', summary: 'Endpoint for generalized DNS notifications.' },
  { name: 'SPF', code: 99, rfc: 'RFC 7208 §3.1', summary: 'SPF record type (obsolete: publish SPF as TXT only).', obsolete: true },
  { name: 'UINFO', code: 100, rfc: 'IANA reserved', summary: 'Reserved.', obsolete: true },
  { name: 'UID', code: 101, rfc: 'IANA reserved', summary: 'Reserved.', obsolete: true },
  { name: 'GID', code: 102, rfc: 'IANA reserved', summary: 'Reserved.', obsolete: true },
  { name: 'UNSPEC', code: 103, rfc: 'IANA reserved', summary: 'Reserved.', obsolete: true },
  { name: 'NID', code: 104, rfc: 'RFC 6742', summary: 'ILNP node identifier.' },
  { name: 'L32', code: 105, rfc: 'RFC 6742', summary: 'ILNP 32-bit locator.' },
  { name: 'L64', code: 106, rfc: 'RFC 6742', summary: 'ILNP 64-bit locator.' },
  { name: 'LP', code: 107, rfc: 'RFC 6742', summary: 'ILNP locator pointer.' },
  { name: 'EUI48', code: 108, rfc: 'RFC 7043', summary: '48-bit MAC address.' },
  { name: 'EUI64', code: 109, rfc: 'RFC 7043', summary: '64-bit MAC address.' },
  { name: 'TKEY', code: 249, rfc: 'RFC 2930', summary: 'Transaction key (never in a zone file).' },
  { name: 'TSIG', code: 250, rfc: 'RFC 8945', summary: 'Transaction signature (never in a zone file).' },
  { name: 'URI', code: 256, rfc: 'RFC 7553', summary: 'Uniform resource identifier of a service.' },
  { name: 'CAA', code: 257, rfc: 'RFC 8659', summary: 'Certification authority authorization: which CAs may issue certificates for the name.' },
  { name: 'AVC', code: 258, rfc: 'IANA', summary: 'Application visibility and control.' },
  { name: 'DOA', code: 259, rfc: 'draft', summary: 'Digital object architecture.' },
  { name: 'AMTRELAY', code: 260, rfc: 'RFC 8777', summary: 'Automatic multicast tunneling relay.' },
  { name: 'RESINFO', code: 261, rfc: 'RFC 9606', summary: 'Resolver information.' },
  { name: 'WALLET', code: 262, rfc: 'IANA', summary: 'Public wallet address.' },
  { name: 'TA', code: 32768, rfc: 'DNSSEC trust authorities', summary: 'DNSSEC trust authority.', obsolete: true },
  { name: 'DLV', code: 32769, rfc: 'RFC 4431', summary: 'DNSSEC lookaside validation (historic).', obsolete: true },
];

const byName = new Map<string, RecordTypeFact>();
const byCode = new Map<number, RecordTypeFact>();
for (const t of RECORD_TYPES) {
  byName.set(t.name, t);
  byCode.set(t.code, t);
}

/** The fact for a mnemonic (any case), or undefined. */
export function recordTypeByName(mnemonic: string): RecordTypeFact | undefined {
  return byName.get(mnemonic) ?? byName.get(mnemonic.toUpperCase());
}

export function recordTypeByCode(code: number): RecordTypeFact | undefined {
  return byCode.get(code);
}

/**
 * Code of a type token: a mnemonic or TYPEnnn (RFC 3597). Undefined when the token is not a type.
 */
export function typeCodeOf(token: string): number | undefined {
  const fact = recordTypeByName(token);
  if (fact) return fact.code;
  if (token.length > 4 && (token.charCodeAt(0) | 0x20) === 0x74 && /^type[0-9]+$/i.test(token)) {
    const n = Number(token.slice(4));
    return n <= 65535 ? n : undefined;
  }
  return undefined;
}

/** Presentation name of a type code: the mnemonic, or TYPEnnn. */
export function typeNameOf(code: number): string {
  return byCode.get(code)?.name ?? `TYPE${code}`;
}
