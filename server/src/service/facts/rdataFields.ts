// The RDATA fields of each record type, in order, with what a server, resolver or CA does with
// them. Hover, completion and messages take their words from here.

/** Link to an RFC, or to one of its sections: rfcLink(8659, '4.2'). */
export function rfcLink(rfc: number, section?: string): string {
  return `https://www.rfc-editor.org/rfc/rfc${rfc}${section ? `#section-${section}` : ''}`;
}

export interface FieldValueFact {
  value: string;
  summary: string;
}

export interface FieldFact {
  /** The RdataField name the parser gives the field. */
  name: string;
  /** How people call the field. */
  label: string;
  /** Markdown. */
  summary: string;
  rfc: string;
  values?: FieldValueFact[];
}

/** A numbered value with its RFC 7218 acronym. */
export interface NamedNumberFact {
  value: number;
  name: string;
  summary: string;
}

export const TLSA_USAGES: readonly NamedNumberFact[] = [
  {
    value: 0,
    name: 'PKIX-TA',
    summary:
      'CA constraint: the server\'s chain must include this CA certificate **and** pass ordinary public-CA validation. SMTP senders treat it as unusable (RFC 7672 §3.1.3): a TLSA set with only usages 0 and 1 makes them require TLS without any DANE check.',
  },
  {
    value: 1,
    name: 'PKIX-EE',
    summary:
      'Service certificate constraint: the server\'s own certificate must match **and** pass public-CA validation. Unusable for SMTP (RFC 7672 §3.1.3), as for PKIX-TA.',
  },
  {
    value: 2,
    name: 'DANE-TA',
    summary:
      'Trust anchor assertion: the matched certificate or key is the trust anchor the server\'s chain must lead to, public CA or not; the server must send that anchor in its chain. For SMTP the sender also checks the MX host name against the certificate (RFC 7672 §3.1.2).',
  },
  {
    value: 3,
    name: 'DANE-EE',
    summary:
      'Domain-issued certificate: the server\'s own certificate (or key) must match; no CA, no name check and, for SMTP, no expiry check (RFC 7672 §3.1.1). With selector 1 and matching type 1 (`3 1 1`) this is the recommended record for mail servers.',
  },
];

export const TLSA_SELECTORS: readonly NamedNumberFact[] = [
  { value: 0, name: 'Cert', summary: 'The whole certificate is matched: the record must change each time the certificate is renewed, even with the same key.' },
  { value: 1, name: 'SPKI', summary: 'Only the SubjectPublicKeyInfo (the public key) is matched: the record stays valid across renewals that keep the key. Recommended for SMTP (`3 1 1`).' },
];

export const TLSA_MATCHING_TYPES: readonly NamedNumberFact[] = [
  { value: 0, name: 'Full', summary: 'The data is the selected content itself, not a digest: long, and must be the exact DER bytes.' },
  { value: 1, name: 'SHA2-256', summary: 'The data is the SHA-256 digest of the selected content: 32 octets, 64 hex digits. The usual choice.' },
  { value: 2, name: 'SHA2-512', summary: 'The data is the SHA-512 digest of the selected content: 64 octets, 128 hex digits.' },
];

function numberValues(facts: readonly NamedNumberFact[]): FieldValueFact[] {
  return facts.map((f) => ({ value: String(f.value), summary: `**${f.name}**: ${f.summary}` }));
}

/** CAA property tags: RFC 8659 and the ones registered later. */
export const CAA_TAGS: readonly FieldValueFact[] = [
  {
    value: 'issue',
    summary:
      'Names a CA allowed to issue certificates for this name and the names below it, e.g. `"letsencrypt.org"`; `";"` alone allows none. A CA not named in any issue record of the closest CAA set must refuse (RFC 8659 §4.2).',
  },
  {
    value: 'issuewild',
    summary: 'Like issue, for wildcard certificates only; when present, wildcard requests ignore the issue records (RFC 8659 §4.3).',
  },
  {
    value: 'iodef',
    summary: 'Where a CA may report a refused or suspicious request: a `mailto:` or `https:` URL (RFC 8659 §4.4). CAs are not required to report.',
  },
  { value: 'contactemail', summary: 'E-mail address a CA may use to contact the domain holder for domain validation (CA/Browser Forum Baseline Requirements).' },
  { value: 'contactphone', summary: 'Phone number a CA may use to contact the domain holder for domain validation (CA/Browser Forum Baseline Requirements).' },
  { value: 'issuemail', summary: 'Names a CA allowed to issue S/MIME (e-mail) certificates for addresses at this domain (RFC 9495).' },
  { value: 'issuevmc', summary: 'Names a CA allowed to issue Verified Mark Certificates (logos shown by BIMI) for this domain (Mark Certificate requirements).' },
];

const SOA_FIELDS: readonly FieldFact[] = [
  {
    name: 'mname',
    label: 'primary server',
    summary: 'The primary name server of the zone, the origin of zone transfers. Dynamic updates (RFC 2136) are sent here, and NOTIFY is not sent to it (RFC 1996).',
    rfc: rfcLink(1035, '3.3.13'),
  },
  {
    name: 'rname',
    label: 'contact mailbox',
    summary: 'Mailbox of the person responsible for the zone, with its first dot standing for the `@`: `hostmaster.example.com.` is `hostmaster@example.com`.',
    rfc: rfcLink(1035, '3.3.13'),
  },
  {
    name: 'serial',
    label: 'serial',
    summary: 'Version of the zone. Secondaries transfer the zone only when the primary\'s serial is greater than theirs (in serial-number arithmetic, RFC 1982), so it must grow with every change; `YYYYMMDDnn` is the common form.',
    rfc: rfcLink(1035, '3.3.13'),
  },
  {
    name: 'refresh',
    label: 'refresh',
    summary: 'How often secondaries ask the primary for its serial to see whether the zone changed (NOTIFY usually makes them ask sooner).',
    rfc: rfcLink(1035, '3.3.13'),
  },
  {
    name: 'retry',
    label: 'retry',
    summary: 'How long a secondary waits before trying again after a refresh failed; should be shorter than refresh.',
    rfc: rfcLink(1035, '3.3.13'),
  },
  {
    name: 'expire',
    label: 'expire',
    summary: 'How long a secondary that cannot reach the primary keeps answering; after that it stops answering for the zone (SERVFAIL). Should be well above refresh.',
    rfc: rfcLink(1035, '3.3.13'),
  },
  {
    name: 'minimum',
    label: 'negative-caching TTL',
    summary: 'How long resolvers cache a negative answer (the name or type does not exist): the smaller of this and the SOA record\'s own TTL (RFC 2308 §5). Without `$TTL`, BIND also uses it as the default TTL.',
    rfc: rfcLink(2308, '4'),
  },
];

const MX_FIELDS: readonly FieldFact[] = [
  {
    name: 'preference',
    label: 'preference',
    summary: 'Order in which senders try the mail exchangers: lowest first, equal values in random order (RFC 5321 §5.1). `0` with exchange `.` is a null MX: the domain accepts no mail (RFC 7505).',
    rfc: rfcLink(1035, '3.3.9'),
  },
  {
    name: 'exchange',
    label: 'mail exchanger',
    summary: 'Host that receives mail for the owner name. It must have address records and must not be a CNAME (RFC 2181 §10.3).',
    rfc: rfcLink(1035, '3.3.9'),
  },
];

const TLSA_FIELDS: readonly FieldFact[] = [
  { name: 'usage', label: 'certificate usage', summary: 'What the data must match and whether public-CA validation applies.', rfc: rfcLink(6698, '2.1.1'), values: numberValues(TLSA_USAGES) },
  { name: 'selector', label: 'selector', summary: 'Which part of the certificate is matched.', rfc: rfcLink(6698, '2.1.2'), values: numberValues(TLSA_SELECTORS) },
  { name: 'matchingType', label: 'matching type', summary: 'How the selected part is compared with the data.', rfc: rfcLink(6698, '2.1.3'), values: numberValues(TLSA_MATCHING_TYPES) },
  {
    name: 'data',
    label: 'certificate association data',
    summary:
      'The certificate, key or digest in hex: a SHA2-256 digest is 32 octets (64 hex digits), a SHA2-512 digest 64 octets (128 hex digits); with matching type 0 the DER certificate or SubjectPublicKeyInfo itself. A client that finds a validated TLSA set and no match refuses the connection; for SMTP the sender defers the mail (RFC 7672 §2.2).',
    rfc: rfcLink(6698, '2.1.4'),
  },
];

const DS_FIELDS: readonly FieldFact[] = [
  { name: 'keyTag', label: 'key tag', summary: 'Tag of the child zone\'s DNSKEY this DS points at; validators use it to find the key (the digest decides).', rfc: rfcLink(4034, '5.1.1') },
  {
    name: 'algorithm',
    label: 'algorithm',
    summary: 'Algorithm of that DNSKEY; must equal the key\'s algorithm field.',
    rfc: rfcLink(4034, '5.1.2'),
    values: [
      { value: '8', summary: 'RSASHA256' },
      { value: '10', summary: 'RSASHA512' },
      { value: '13', summary: 'ECDSAP256SHA256 (recommended, RFC 8624)' },
      { value: '14', summary: 'ECDSAP384SHA384' },
      { value: '15', summary: 'ED25519' },
      { value: '16', summary: 'ED448' },
    ],
  },
  {
    name: 'digestType',
    label: 'digest type',
    summary: 'Hash used for the digest.',
    rfc: rfcLink(4034, '5.1.3'),
    values: [
      { value: '1', summary: 'SHA-1: must no longer be published (RFC 8624)' },
      { value: '2', summary: 'SHA-256 (RFC 4509): the usual choice' },
      { value: '4', summary: 'SHA-384 (RFC 6605)' },
    ],
  },
  {
    name: 'digest',
    label: 'digest',
    summary: 'Digest of the child\'s owner name and DNSKEY. Validators trust the child zone only through a DNSKEY that matches it: a DS matching no key makes the child fail validation (SERVFAIL).',
    rfc: rfcLink(4034, '5.1.4'),
  },
];

const DNSKEY_FIELDS: readonly FieldFact[] = [
  {
    name: 'flags',
    label: 'flags',
    summary: 'Key role bits.',
    rfc: rfcLink(4034, '2.1.1'),
    values: [
      { value: '256', summary: 'Zone-signing key (ZSK)' },
      { value: '257', summary: 'Key-signing key (KSK): the one the parent\'s DS points at (SEP bit set)' },
    ],
  },
  { name: 'protocol', label: 'protocol', summary: 'Always 3; validators ignore a key with any other value.', rfc: rfcLink(4034, '2.1.2') },
  { name: 'algorithm', label: 'algorithm', summary: 'Signing algorithm of the key.', rfc: rfcLink(4034, '2.1.3'), values: DS_FIELDS[1].values },
  { name: 'publicKey', label: 'public key', summary: 'The public key in base64.', rfc: rfcLink(4034, '2.1.4') },
];

const SRV_FIELDS: readonly FieldFact[] = [
  { name: 'priority', label: 'priority', summary: 'Clients try targets with the lowest priority first and move to higher values only when those fail.', rfc: rfcLink(2782) },
  { name: 'weight', label: 'weight', summary: 'Among targets of equal priority, clients pick one at random in proportion to its weight; 0 means no share when others have weight.', rfc: rfcLink(2782) },
  { name: 'port', label: 'port', summary: 'TCP or UDP port of the service on the target.', rfc: rfcLink(2782) },
  { name: 'target', label: 'target host', summary: 'Host that offers the service; must have address records and must not be a CNAME. `.` says the service is not offered here.', rfc: rfcLink(2782) },
];

const CAA_FIELDS: readonly FieldFact[] = [
  {
    name: 'flags',
    label: 'flags',
    summary: 'Only bit 128, issuer critical, is defined: a CA that does not understand a tag marked critical must refuse to issue.',
    rfc: rfcLink(8659, '4.1'),
    values: [
      { value: '0', summary: 'Not critical: a CA that does not know the tag ignores it' },
      { value: '128', summary: 'Issuer critical: a CA that does not know the tag must not issue' },
    ],
  },
  { name: 'tag', label: 'property tag', summary: 'What the record says.', rfc: rfcLink(8659, '4.1'), values: [...CAA_TAGS] },
  { name: 'value', label: 'value', summary: 'The value of the property: for issue and issuewild a CA\'s domain with optional parameters, for iodef a URL.', rfc: rfcLink(8659, '4.1') },
];

const SSHFP_FIELDS: readonly FieldFact[] = [
  {
    name: 'algorithm',
    label: 'key algorithm',
    summary: 'Algorithm of the SSH host key.',
    rfc: rfcLink(4255, '3.1.1'),
    values: [
      { value: '1', summary: 'RSA' },
      { value: '2', summary: 'DSA' },
      { value: '3', summary: 'ECDSA (RFC 6594)' },
      { value: '4', summary: 'Ed25519 (RFC 7479)' },
      { value: '6', summary: 'Ed448 (RFC 8709)' },
    ],
  },
  {
    name: 'fpType',
    label: 'fingerprint type',
    summary: 'Hash of the fingerprint.',
    rfc: rfcLink(4255, '3.1.2'),
    values: [
      { value: '1', summary: 'SHA-1' },
      { value: '2', summary: 'SHA-256 (RFC 6594)' },
    ],
  },
  { name: 'fingerprint', label: 'fingerprint', summary: 'Hex digest of the host key; an SSH client that trusts DNSSEC accepts a host key that matches it.', rfc: rfcLink(4255, '3.1.3') },
];

const SVCB_FIELDS: readonly FieldFact[] = [
  { name: 'priority', label: 'priority', summary: '`0` is AliasMode (the target is another name for the service); other values are ServiceMode endpoints, lowest tried first.', rfc: rfcLink(9460, '2.4.1') },
  { name: 'target', label: 'target name', summary: 'Host of the endpoint; `.` means the owner name itself in ServiceMode.', rfc: rfcLink(9460, '2.5') },
  { name: 'param', label: 'service parameter', summary: 'A key=value parameter of the endpoint (alpn, port, ipv4hint, ech, ipv6hint, mandatory...). Clients ignore keys they do not know unless they are listed in mandatory.', rfc: rfcLink(9460, '7') },
];

const NAPTR_FIELDS: readonly FieldFact[] = [
  { name: 'order', label: 'order', summary: 'Rules are processed lowest order first; a later order is used only when no earlier rule applies.', rfc: rfcLink(3403, '4.1') },
  { name: 'preference', label: 'preference', summary: 'Among rules of equal order, the lowest preference is tried first.', rfc: rfcLink(3403, '4.1') },
  { name: 'flags', label: 'flags', summary: 'How to go on after this rule, e.g. `U` (the result is a URI, final) or `S` (look up SRV).', rfc: rfcLink(3403, '4.1') },
  { name: 'services', label: 'services', summary: 'Protocol and service this rule leads to, e.g. `E2U+sip` for ENUM.', rfc: rfcLink(3403, '4.1') },
  { name: 'regexp', label: 'regular expression', summary: 'Substitution applied to the client\'s string; empty when replacement is used.', rfc: rfcLink(3403, '4.1') },
  { name: 'replacement', label: 'replacement', summary: 'The next name to look up; `.` when the regexp is used.', rfc: rfcLink(3403, '4.1') },
];

const nameField = (label: string, summary: string, rfc: string): FieldFact[] => [{ name: 'target', label, summary, rfc }];

/** Fields of each record type, in order. */
export const RDATA_FIELDS: Record<string, readonly FieldFact[]> = {
  A: [{ name: 'address', label: 'IPv4 address', summary: 'IPv4 address that resolvers return for the owner name.', rfc: rfcLink(1035, '3.4.1') }],
  AAAA: [{ name: 'address', label: 'IPv6 address', summary: 'IPv6 address that resolvers return for the owner name.', rfc: rfcLink(3596, '2.2') }],
  NS: nameField('name server', 'Name server authoritative for the zone at the owner name; at a delegation, resolvers follow it to the child zone. Must not be a CNAME or an address.', rfcLink(1035, '3.3.11')),
  CNAME: nameField('canonical name', 'The name this alias stands for: resolvers restart the query at the target, for every type.', rfcLink(1035, '3.3.1')),
  DNAME: nameField('target name', 'Names below the owner are rewritten to the same names below this target (the owner itself is not).', rfcLink(6672, '2.1')),
  PTR: nameField('target name', 'The name this entry points at; in reverse zones, the host name of the address.', rfcLink(1035, '3.3.12')),
  SOA: SOA_FIELDS,
  MX: MX_FIELDS,
  TXT: [{ name: 'string', label: 'character-string', summary: 'One string of at most 255 octets. Readers of SPF, DKIM and DMARC join the strings of one record with nothing between them.', rfc: rfcLink(1035, '3.3.14') }],
  SPF: [{ name: 'string', label: 'character-string', summary: 'Type SPF (99) is obsolete: receivers look up only TXT records for SPF (RFC 7208 §3.1).', rfc: rfcLink(7208, '3.1') }],
  SRV: SRV_FIELDS,
  CAA: CAA_FIELDS,
  TLSA: TLSA_FIELDS,
  SMIMEA: TLSA_FIELDS.map((f) => ({ ...f, rfc: rfcLink(8162, '2') })),
  SSHFP: SSHFP_FIELDS,
  DS: DS_FIELDS,
  CDS: DS_FIELDS.map((f) => ({ ...f, summary: f.summary + ' A CDS asks the parent to publish this DS (RFC 7344).' })),
  DNSKEY: DNSKEY_FIELDS,
  CDNSKEY: DNSKEY_FIELDS.map((f) => ({ ...f, summary: f.summary + ' A CDNSKEY asks the parent to publish a DS for this key (RFC 7344).' })),
  NAPTR: NAPTR_FIELDS,
  SVCB: SVCB_FIELDS,
  HTTPS: SVCB_FIELDS,
  URI: [
    { name: 'priority', label: 'priority', summary: 'Clients try the lowest priority first.', rfc: rfcLink(7553, '4.3') },
    { name: 'weight', label: 'weight', summary: 'Among equal priorities, chosen at random in proportion to weight.', rfc: rfcLink(7553, '4.4') },
    { name: 'target', label: 'target URI', summary: 'The URI of the service.', rfc: rfcLink(7553, '4.5') },
  ],
  HINFO: [
    { name: 'cpu', label: 'CPU', summary: 'Hardware type, free text. Servers answering ANY with a minimal response use HINFO `"RFC8482" ""` (RFC 8482).', rfc: rfcLink(1035, '3.3.2') },
    { name: 'os', label: 'OS', summary: 'Operating system, free text.', rfc: rfcLink(1035, '3.3.2') },
  ],
};

/** The fact for one field of a type, or undefined. */
export function fieldFact(type: string, name: string): FieldFact | undefined {
  const fields = RDATA_FIELDS[type.toUpperCase()];
  return fields?.find((f) => f.name === name);
}
