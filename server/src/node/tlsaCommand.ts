// `zonelint tlsa`: print the TLSA record for a certificate, or check a mail server's certificate
// chain against the TLSA records of a zone over SMTP with STARTTLS.
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import type { X509Certificate } from 'node:crypto';
import { parseZone } from '../service/zone/parser';
import { createFsIncludeHost, readZoneText } from './includeHost';
import {
  associationData,
  certificateHost,
  DEFAULT_TIMEOUT_MS,
  formatTlsaRecord,
  parseHostPort,
  readCertificates,
  SMTP_PORT,
  TlsaInputError,
  tlsaOwner,
  tlsaRecordsAt,
  USAGE_NAMES,
  verifyTlsa,
} from './tlsa';

export const TLSA_USAGE = `Usage: zonelint tlsa --cert FILE [--usage N] [--selector N] [--matching-type N] [--name OWNER]
       zonelint tlsa --verify HOST[:PORT] [--zone FILE] [--origin NAME] [--connect ADDRESS[:PORT]]
                     [--timeout MS]

Prints the TLSA record for a certificate, or checks a mail server's certificate chain against
the TLSA records of a zone (DANE for SMTP, RFC 6698 and RFC 7672).

Printing a record:
  --cert FILE            the certificate, PEM or DER. Of a PEM file with several certificates
                         (a full chain) the first is used; with --usage 0 or 2 the first CA
                         certificate in it
  --usage N              0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE (default 3)
  --selector N           0 the whole certificate, 1 its public key (default 1)
  --matching-type N      0 the data itself, 1 SHA-256, 2 SHA-512 (default 1)
  --name OWNER           the owner of the record, e.g. _25._tcp.mx1.example.com. Without it
                         the owner is _25._tcp.HOST. with HOST the certificate's first DNS
                         name (else its common name), and a note on stderr says so; give
                         --name when mail reaches the server under another name. A
                         certificate that names no host needs --name.

Checking a server (connects only when you run this):
  --verify HOST[:PORT]   the MX host: connects to it (port 25 unless given), reads the
                         greeting, says EHLO and STARTTLS and takes the certificate chain,
                         then checks it against each TLSA record at _PORT._tcp.HOST. in --zone.
                         Usages 0 and 1 (PKIX) are validated by Node's TLS (OpenSSL) against
                         the CA certificates Node trusts; NODE_EXTRA_CA_CERTS=FILE adds more
  --zone FILE            the zone file with the TLSA records. Without it: prints the records
                         the server's certificate needs (3 1 1, and 2 1 1 for its issuer)
  --origin NAME          the zone's origin (default: as when linting)
  --connect ADDRESS[:PORT]
                         connect here instead of HOST[:PORT] (a new server before the MX
                         points at it); HOST stays the name checked and looked up in the zone
  --timeout MS           how long connecting, each reply and the TLS handshake may take, in
                         milliseconds (default ${DEFAULT_TIMEOUT_MS})

Exit status: --cert: 0 printed, 2 usage or I/O failure. --verify: 0 a usable record matches
(for port 25 usage 2 or 3; without --zone: STARTTLS works); 1 no usable record matches, or the
server offers no STARTTLS (senders then see 4.7.321) or its TLS fails; 2 usage or I/O failure,
or no SMTP session (connection refused, timed out, name not found, greeting not 220).
`;

interface Output {
  out: (s: string) => void;
  err: (s: string) => void;
}

function number(text: string | undefined, option: string, fallback: number, max: number, names: string): number | string {
  if (text === undefined) return fallback;
  if (!/^[0-9]+$/.test(text.trim()) || Number(text) > max) return `--${option} '${text}' is not ${names}.`;
  return Number(text);
}

/** The certificate of a file that a record of `usage` is about. */
function pickCertificate(certs: X509Certificate[], usage: number, io: Output, file: string): X509Certificate {
  if ((usage === 0 || usage === 2) && certs.length > 1) {
    const ca = certs.find((c) => c.ca);
    if (ca) {
      if (ca !== certs[0]) io.err(`zonelint: using certificate ${certs.indexOf(ca) + 1} of '${file}', the first CA certificate (${ca.subject.split('\n').join(', ')}), for usage ${usage}.\n`);
      return ca;
    }
  }
  const cert = certs[0];
  // A self-signed server certificate made by openssl is marked CA too: only one naming no host
  // is taken for a CA.
  if ((usage === 1 || usage === 3) && cert.ca && !certificateHost(cert)) {
    io.err(`zonelint: note: '${file}' starts with a CA certificate; usage ${usage} (${USAGE_NAMES[usage]}) matches the server's own certificate. For a CA write --usage 2.\n`);
  }
  if ((usage === 0 || usage === 2) && !cert.ca) {
    io.err(`zonelint: note: '${file}' holds no CA certificate; usage ${usage} (${USAGE_NAMES[usage]}) matches a CA in the server's chain. For the server's own certificate write --usage 3.\n`);
  }
  return cert;
}

export async function tlsaMain(argv: string[], io: Output): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        cert: { type: 'string' },
        usage: { type: 'string' },
        selector: { type: 'string' },
        'matching-type': { type: 'string' },
        name: { type: 'string' },
        verify: { type: 'string' },
        zone: { type: 'string' },
        origin: { type: 'string' },
        connect: { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.err(`zonelint tlsa: ${(e as Error).message}\n\n${TLSA_USAGE}`);
    return 2;
  }
  const opts = args.values;
  const usageError = (message: string) => {
    io.err(`zonelint tlsa: ${message}\n`);
    return 2;
  };
  if (opts.help) {
    io.out(TLSA_USAGE);
    return 0;
  }
  if ((opts.cert === undefined) === (opts.verify === undefined)) {
    return usageError(`give either --cert FILE (print a record) or --verify HOST[:PORT] (check a server).\n\n${TLSA_USAGE}`.trimEnd());
  }

  if (opts.cert !== undefined) {
    for (const o of ['zone', 'origin', 'connect', 'timeout'] as const) {
      if (opts[o] !== undefined) return usageError(`--${o} goes with --verify, not with --cert.`);
    }
    const usage = number(opts.usage, 'usage', 3, 3, '0 (PKIX-TA), 1 (PKIX-EE), 2 (DANE-TA) or 3 (DANE-EE)');
    const selector = number(opts.selector, 'selector', 1, 1, '0 (the whole certificate) or 1 (its public key)');
    const matching = number(opts['matching-type'], 'matching-type', 1, 2, '0 (full data), 1 (SHA-256) or 2 (SHA-512)');
    for (const v of [usage, selector, matching]) if (typeof v === 'string') return usageError(v);
    let owner: string;
    let certs: X509Certificate[];
    try {
      certs = readCertificates(opts.cert);
    } catch (e) {
      if (e instanceof TlsaInputError) return usageError(e.message);
      throw e;
    }
    const cert = pickCertificate(certs, usage as number, io, opts.cert);
    if (opts.name !== undefined) {
      const name = opts.name.trim();
      if (!/^[^\s.]+(\.[^\s.]+)*\.?$/.test(name)) return usageError(`--name '${opts.name}' is not a domain name; write the owner like _25._tcp.mx1.example.com.`);
      owner = name.endsWith('.') ? name : name + '.';
      if (!/^_[0-9]+\._(tcp|udp|sctp)\./i.test(owner)) io.err(`zonelint: note: a TLSA owner starts with _PORT._tcp (e.g. _25._tcp.${owner}); '${owner}' does not.\n`);
    } else {
      const found = certificateHost(cert);
      if (!found) {
        return usageError(`the certificate in '${opts.cert}' names no host (no DNS name, no host-like common name): give the owner with --name _25._tcp.MXHOST.`);
      }
      owner = tlsaOwner(SMTP_PORT, found.host);
      io.err(`zonelint: owner ${owner} from the certificate's ${found.from.replace(/^its /, '')}; give --name _25._tcp.MXHOST. if the MX record names the server differently.\n`);
    }
    const data = associationData(cert, selector as number, matching as number).toString('hex');
    io.out(formatTlsaRecord(owner, usage as number, selector as number, matching as number, data) + '\n');
    return 0;
  }

  for (const o of ['usage', 'selector', 'matching-type', 'name'] as const) {
    if (opts[o] !== undefined) return usageError(`--${o} goes with --cert, not with --verify.`);
  }
  if (opts.origin !== undefined && opts.zone === undefined) return usageError('--origin goes with --zone FILE.');
  const target = parseHostPort(opts.verify!);
  if (!target) return usageError(`--verify '${opts.verify}' is not HOST or HOST:PORT (a host name or address; an IPv6 address as [ADDRESS]:PORT; port 1 to 65535).`);
  const port = target.port ?? SMTP_PORT;
  let connect = { host: target.host, port };
  if (opts.connect !== undefined) {
    const c = parseHostPort(opts.connect);
    if (!c) return usageError(`--connect '${opts.connect}' is not ADDRESS or ADDRESS:PORT (an IPv6 address as [ADDRESS]:PORT; port 1 to 65535).`);
    connect = { host: c.host, port: c.port ?? port };
  }
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (opts.timeout !== undefined) {
    const t = opts.timeout.trim();
    if (!/^[0-9]+$/.test(t) || Number(t) < 1 || Number(t) > 600_000) return usageError(`--timeout '${opts.timeout}' is not a number of milliseconds from 1 to 600000.`);
    timeoutMs = Number(t);
  }
  let records;
  if (opts.zone !== undefined) {
    let text: string;
    let real: string;
    try {
      real = realpathSync(opts.zone);
      text = readZoneText(real);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return usageError(`cannot read the zone '${opts.zone}': ${err.code === 'ENOENT' ? 'no such file' : err.message}.`);
    }
    const parsed = parseZone(text, { origin: opts.origin, path: real, includeHost: createFsIncludeHost(dirname(real)) });
    parsed.files[0].path = opts.zone;
    records = tlsaRecordsAt(parsed, tlsaOwner(port, target.host));
  }
  const outcome = await verifyTlsa({
    host: target.host,
    port,
    connectHost: connect.host,
    connectPort: connect.port,
    timeoutMs,
    records,
    zoneLabel: opts.zone,
  });
  if (outcome.report) io.out(outcome.report);
  if (outcome.error) io.err(`zonelint tlsa: ${outcome.error}\n`);
  return outcome.exitCode;
}
