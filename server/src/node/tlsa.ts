// TLSA records for certificates (RFC 6698, RFC 7671) and their check against a mail server (DANE
// for SMTP, RFC 7672): reading PEM or DER certificates, the certificate association data of each
// selector and matching type, an SMTP client that says EHLO and STARTTLS and takes the server's
// certificate chain (and OpenSSL's PKIX verdict on it from the same handshake), and the matching of
// TLSA records against that chain for each usage.
import { createHash, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP, connect as netConnect, type Socket } from 'node:net';
import * as tls from 'node:tls';
import { LineIndex } from '../service/zone/lineIndex';
import type { ParsedZone } from '../service/zone/types';

export const USAGE_NAMES: Readonly<Record<number, string>> = { 0: 'PKIX-TA', 1: 'PKIX-EE', 2: 'DANE-TA', 3: 'DANE-EE' };
export const SELECTOR_NAMES: Readonly<Record<number, string>> = { 0: 'Cert', 1: 'SPKI' };
export const MATCHING_NAMES: Readonly<Record<number, string>> = { 0: 'Full', 1: 'SHA2-256', 2: 'SHA2-512' };

/** The port of SMTP between mail servers, where only DANE-TA and DANE-EE are usable (RFC 7672 §3.1.3). */
export const SMTP_PORT = 25;
export const DEFAULT_TIMEOUT_MS = 10_000;

/** A fault of the user's input (a file, an option): the message says what is wrong and what to do. */
export class TlsaInputError extends Error {}

// ---------------------------------------------------------------------------------------------
// Certificates

const PEM_CERT = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/** The certificates in PEM text or DER bytes, in file order. `label` names the source in messages. */
export function parseCertificates(bytes: Buffer, label: string): X509Certificate[] {
  const text = bytes.toString('latin1');
  if (text.includes('-----BEGIN ')) {
    const blocks = [...text.matchAll(PEM_CERT)];
    if (blocks.length === 0) {
      const kind = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1] ?? 'unknown';
      throw new TlsaInputError(`${label} holds a PEM '${kind}' block but no 'BEGIN CERTIFICATE' block: give the certificate file (for example fullchain.pem or cert.pem), not the key or request.`);
    }
    return blocks.map((m, i) => {
      try {
        return new X509Certificate(m[0]);
      } catch (e) {
        throw new TlsaInputError(`Certificate ${i + 1} in ${label} does not parse (${(e as Error).message}): the PEM block is damaged; export the certificate again.`);
      }
    });
  }
  // DER: one certificate, a SEQUENCE.
  if (bytes.length < 2 || bytes[0] !== 0x30) {
    throw new TlsaInputError(`${label} is neither a PEM certificate ('-----BEGIN CERTIFICATE-----') nor a DER certificate: give the server's certificate file.`);
  }
  try {
    return [new X509Certificate(bytes)];
  } catch (e) {
    throw new TlsaInputError(`${label} is not a DER X.509 certificate (${(e as Error).message}): give the server's certificate in PEM or DER form.`);
  }
}

/** Reads the certificates of a PEM or DER file. */
export function readCertificates(path: string): X509Certificate[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a folder' : err.message;
    throw new TlsaInputError(`Cannot read the certificate '${path}': ${why}.`);
  }
  return parseCertificates(bytes, `'${path}'`);
}

/** One DER element: tag, where its content starts and where the element ends. */
interface DerElement {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

function derElement(der: Uint8Array, at: number, limit: number): DerElement {
  if (at + 2 > limit) throw new Error('truncated DER');
  const tag = der[at];
  let length = der[at + 1];
  let contentStart = at + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4 || contentStart + octets > limit) throw new Error('bad DER length');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + der[contentStart + i];
    contentStart += octets;
  }
  const end = contentStart + length;
  if (end > limit) throw new Error('truncated DER');
  return { tag, start: at, contentStart, end };
}

/**
 * The SubjectPublicKeyInfo of a certificate, exactly as encoded in it (selector 1). Taken from the
 * DER rather than re-encoded from the key, so that any key type and encoding gives the bytes
 * senders hash.
 */
export function subjectPublicKeyInfo(certDer: Uint8Array): Buffer {
  const cert = derElement(certDer, 0, certDer.length);
  const tbs = derElement(certDer, cert.contentStart, cert.end);
  if (cert.tag !== 0x30 || tbs.tag !== 0x30) throw new Error('not an X.509 certificate');
  let at = tbs.contentStart;
  let el = derElement(certDer, at, tbs.end);
  if (el.tag === 0xa0) el = derElement(certDer, (at = el.end), tbs.end); // [0] version
  // serialNumber, signature, issuer, validity, subject, then subjectPublicKeyInfo.
  const expected = [0x02, 0x30, 0x30, 0x30, 0x30];
  for (const tag of expected) {
    if (el.tag !== tag) throw new Error('unexpected element in TBSCertificate');
    el = derElement(certDer, (at = el.end), tbs.end);
  }
  if (el.tag !== 0x30) throw new Error('no SubjectPublicKeyInfo');
  return Buffer.from(certDer.subarray(el.start, el.end));
}

/** The bytes a selector picks from a certificate: 0 the whole certificate, 1 its SubjectPublicKeyInfo. */
export function selectedBytes(cert: X509Certificate, selector: number): Buffer {
  if (selector === 0) return cert.raw;
  if (selector === 1) return subjectPublicKeyInfo(cert.raw);
  throw new TlsaInputError(`Selector ${selector} is not 0 (Cert) or 1 (SPKI).`);
}

/** The certificate association data for a selector and matching type (0 full, 1 SHA-256, 2 SHA-512). */
export function associationData(cert: X509Certificate, selector: number, matchingType: number): Buffer {
  const bytes = selectedBytes(cert, selector);
  if (matchingType === 0) return bytes;
  if (matchingType === 1) return createHash('sha256').update(bytes).digest();
  if (matchingType === 2) return createHash('sha512').update(bytes).digest();
  throw new TlsaInputError(`Matching type ${matchingType} is not 0 (Full), 1 (SHA2-256) or 2 (SHA2-512).`);
}

/** The DNS names a certificate states: its dNSName subject alternative names, in order. */
export function dnsNames(cert: X509Certificate): string[] {
  const san = cert.subjectAltName;
  if (!san) return [];
  return san
    .split(/,\s*/)
    .filter((part) => part.startsWith('DNS:'))
    .map((part) => part.slice(4).replace(/^"|"$/g, ''));
}

/** The subject's common name, if any. */
export function commonName(cert: X509Certificate): string | undefined {
  return /^CN=(.*)$/m.exec(cert.subject)?.[1];
}

/** A host name in presentation form, with or without its final dot. */
export const HOST_NAME_PATTERN = /^(?=.{1,253}\.?$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/** The host name a certificate is for: its first DNS name that is not a wildcard, else a host-like CN. */
export function certificateHost(cert: X509Certificate): { host: string; from: string } | undefined {
  const san = dnsNames(cert).find((n) => !n.includes('*') && HOST_NAME_PATTERN.test(n));
  if (san) return { host: san.replace(/\.$/, '').toLowerCase(), from: `its first DNS name (subject alternative name) ${san}` };
  const cn = commonName(cert);
  if (cn && !cn.includes('*') && cn.includes('.') && HOST_NAME_PATTERN.test(cn)) return { host: cn.replace(/\.$/, '').toLowerCase(), from: `its subject common name ${cn}` };
  return undefined;
}

/** The TLSA owner for a TCP port of a host: `_25._tcp.mx1.example.com.` */
export function tlsaOwner(port: number, host: string): string {
  return `_${port}._tcp.${host.replace(/\.$/, '').toLowerCase()}.`;
}

export function formatTlsaRecord(owner: string, usage: number, selector: number, matchingType: number, hex: string): string {
  return `${owner} IN TLSA ${usage} ${selector} ${matchingType} ${hex}`;
}

/** A subject or issuer distinguished name on one line. */
function dn(text: string): string {
  return text.split('\n').filter(Boolean).join(', ');
}

function certDate(text: string): Date {
  return new Date(text);
}

function isoDay(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'an unreadable date' : date.toISOString().slice(0, 10);
}

/** Short description of a certificate for reports: subject, issuer, expiry. */
export function describeCertificate(cert: X509Certificate): string {
  const selfIssued = cert.subject === cert.issuer;
  return `${dn(cert.subject) || '(empty subject)'}${selfIssued ? ' (self-signed)' : `, issued by ${dn(cert.issuer)}`}, valid until ${isoDay(certDate(cert.validTo))}`;
}

// ---------------------------------------------------------------------------------------------
// HOST[:PORT]

export interface HostPort {
  host: string;
  port?: number;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address; undefined when malformed. */
export function parseHostPort(text: string): HostPort | undefined {
  const t = text.trim();
  let host: string;
  let portText: string | undefined;
  const bracket = /^\[([^\]]+)\](?::(.*))?$/.exec(t);
  if (bracket) {
    host = bracket[1];
    portText = bracket[2];
    if (isIP(host) !== 6) return undefined;
  } else if ((t.match(/:/g) ?? []).length > 1) {
    if (isIP(t) !== 6) return undefined;
    host = t;
  } else {
    const colon = t.indexOf(':');
    host = colon < 0 ? t : t.slice(0, colon);
    portText = colon < 0 ? undefined : t.slice(colon + 1);
    host = host.replace(/\.$/, '');
    if (!isIP(host) && !HOST_NAME_PATTERN.test(host)) return undefined;
  }
  if (portText === undefined) return { host: host.toLowerCase() };
  if (!/^[0-9]{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  if (port < 1 || port > 65535) return undefined;
  return { host: host.toLowerCase(), port };
}

// ---------------------------------------------------------------------------------------------
// The SMTP client: greeting, EHLO, STARTTLS, TLS handshake.

export type SmtpFailureKind =
  | 'refused'
  | 'timeout'
  | 'unreachable'
  | 'not-found'
  | 'closed'
  | 'greeting'
  | 'no-starttls'
  | 'starttls-refused'
  | 'tls-failed'
  | 'protocol';

/**
 * OpenSSL's certification path validation of the server's chain, made by Node's TLS during the
 * handshake against the trust anchors: signatures, CA flags, validity, key usage, extended key
 * usage, path length, name constraints and policies. Host names are checked apart (usages 0 and 1
 * with tls.checkServerIdentity), since the name depends on the record being checked.
 */
export interface PkixVerification {
  /** OpenSSL built a path from the server's certificate to a trust anchor and found it valid. */
  authorized: boolean;
  /** When not: Node's code for OpenSSL's verification error, e.g. UNABLE_TO_GET_ISSUER_CERT_LOCALLY. */
  error?: string;
  /** OpenSSL's own words for that error, e.g. 'unable to get local issuer certificate', when Node gives them. */
  errorText?: string;
  /** The validated path: the server's certificate first, the trust anchor last. Empty when not authorized. */
  path: X509Certificate[];
  /** What was trusted, for reports. */
  trusted: string;
}

export type SmtpTlsResult =
  | {
      ok: true;
      banner: string;
      /** The certificates exactly as the server sent them, in its order (its own first). */
      chain: X509Certificate[];
      pkix: PkixVerification;
      protocol: string;
      cipher: string;
    }
  | { ok: false; kind: SmtpFailureKind; message: string; banner?: string };

export interface SmtpTlsOptions {
  /** The name the server should present a certificate for (SNI), unless an IP address. */
  host: string;
  /** Where to connect: address or name, and port. */
  connectHost: string;
  connectPort: number;
  timeoutMs: number;
  /**
   * The CA certificates PKIX validation (usages 0 and 1) trusts. Default: the ones Node trusts (its
   * bundled list and NODE_EXTRA_CA_CERTS, or the system's with --use-openssl-ca).
   */
  trustAnchors?: readonly X509Certificate[];
}

/** How reports name the trust anchors of a PKIX validation. */
export function trustedLabel(anchors: readonly X509Certificate[] | undefined): string {
  if (anchors === undefined) return 'the CA certificates Node trusts (its bundled list and any in NODE_EXTRA_CA_CERTS)';
  return anchors.length === 0 ? 'no CA certificate (none was given)' : `the ${anchors.length === 1 ? 'given CA certificate' : `${anchors.length} given CA certificates`}`;
}

/**
 * The certificates of a walk from a peer certificate through its issuer links, first to last.
 * `onRepeat` 'stop' ends the walk at a certificate seen before (Node ends getPeerCertificate(true)'s
 * walk with a self-reference); 'skip' leaves out a certificate the server sent twice.
 */
function walkIssuers<T>(first: T | undefined, next: (c: T) => T | undefined, raw: (c: T) => Buffer | undefined, onRepeat: 'stop' | 'skip'): X509Certificate[] {
  const out: X509Certificate[] = [];
  const seen = new Set<string>();
  let steps = 0;
  for (let c = first; c && steps < 64; c = next(c), steps++) {
    const bytes = raw(c);
    if (!bytes || bytes.length === 0) break;
    const key = bytes.toString('base64');
    if (seen.has(key)) {
      if (onRepeat === 'stop') break;
      continue;
    }
    seen.add(key);
    out.push(c instanceof X509Certificate ? c : new X509Certificate(bytes));
  }
  return out;
}

/** Longest reply line accepted: far above what servers send (RFC 5321 allows 512 octets). */
const MAX_LINE = 64 * 1024;

/**
 * Connects, reads the greeting, says EHLO and STARTTLS, completes the TLS handshake and returns the
 * certificate chain the server sent, in its order, with OpenSSL's PKIX validation of it against the
 * trust anchors. Never throws; every failure is a result with a message saying what happened.
 */
export function fetchSmtpCertificates(options: SmtpTlsOptions): Promise<SmtpTlsResult> {
  const { connectHost, connectPort, timeoutMs } = options;
  const where = `${isIP(connectHost) === 6 ? `[${connectHost}]` : connectHost}:${connectPort}`;
  return new Promise((resolve) => {
    let done = false;
    let step = 'connecting';
    let banner = '';
    let secure: tls.TLSSocket | undefined;
    const socket: Socket = netConnect({ host: connectHost, port: connectPort });
    const finish = (result: SmtpTlsResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (result.ok && secure) {
        // A polite end: QUIT over TLS, then close without waiting for the answer.
        secure.end('QUIT\r\n');
        setTimeout(() => secure?.destroy(), 200).unref();
      } else {
        secure?.destroy();
        if (!socket.destroyed && socket.writable && step !== 'connecting' && !secure) socket.end('QUIT\r\n');
        setTimeout(() => socket.destroy(), 200).unref();
      }
      resolve(result);
    };
    const fail = (kind: SmtpFailureKind, message: string) => finish({ ok: false, kind, message, ...(banner ? { banner } : {}) });
    // One deadline per step: the greeting, each reply and the handshake each get timeoutMs.
    let timer: NodeJS.Timeout;
    const arm = (what: string) => {
      step = what;
      clearTimeout(timer);
      timer = setTimeout(() => {
        const hint =
          what === 'connecting'
            ? ' Check the host and port; many networks block outgoing connections to port 25, so try from the server\'s own network, or give a longer --timeout.'
            : ' The server is slow or stalled; try again, or give a longer --timeout.';
        fail('timeout', `No answer from ${where} within ${timeoutMs} ms while ${what}.${hint}`);
      }, timeoutMs);
    };
    arm('connecting');

    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (secure) return; // the TLS socket reports it
      switch (e.code) {
        case 'ECONNREFUSED':
          return fail('refused', `Connection to ${where} refused: no server listens there, or a firewall rejects the connection. Check the host and port, and that the mail server runs.`);
        case 'ETIMEDOUT':
          return fail('timeout', `Connection to ${where} timed out. Check the host and port; many networks block outgoing connections to port 25.`);
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
        case 'EAI_NODATA':
          return fail('not-found', `The name ${connectHost} does not resolve (${e.code}): check its spelling and its A/AAAA records, or give the address with --connect.`);
        case 'EHOSTUNREACH':
        case 'ENETUNREACH':
          return fail('unreachable', `${where} is unreachable from here (${e.code}): check the address and this machine's network.`);
        case 'ECONNRESET':
        case 'EPIPE':
          return fail('closed', `${where} reset the connection while ${step}.`);
        default:
          return fail('closed', `The connection to ${where} failed while ${step}: ${e.message}.`);
      }
    });
    socket.on('close', () => {
      if (!secure) fail('closed', `${where} closed the connection while ${step}${banner ? ` (its greeting was '${banner}')` : ''}.`);
    });
    socket.on('connect', () => arm('waiting for the greeting'));

    // Reply reading: lines "ddd-text" continue a reply, "ddd text" (or "ddd") ends it.
    let pending = '';
    let replyLines: string[] = [];
    const onData = (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (;;) {
        const nl = pending.indexOf('\n');
        if (nl < 0) break;
        const line = pending.slice(0, nl).replace(/\r$/, '');
        pending = pending.slice(nl + 1);
        if (!/^[0-9]{3}([ -]|$)/.test(line)) return fail('protocol', `${where} does not speak SMTP: it sent '${line.slice(0, 80)}' while ${step}. Check the port (25 for mail between servers).`);
        replyLines.push(line);
        if (line[3] !== '-') {
          const reply = replyLines;
          replyLines = [];
          onReply(Number(line.slice(0, 3)), reply);
          if (done || secure) return;
        }
      }
      if (pending.length > MAX_LINE) fail('protocol', `${where} sent a reply line longer than ${MAX_LINE} octets while ${step}; that is not SMTP.`);
    };
    socket.on('data', onData);

    const replyText = (lines: string[]) => lines.map((l) => l.slice(4)).join(' / ');
    const ehloName = () => {
      const local = socket.localAddress ?? '127.0.0.1';
      return isIP(local) === 6 ? `[IPv6:${local}]` : `[${local}]`;
    };
    let phase: 'greeting' | 'ehlo' | 'starttls' = 'greeting';
    const onReply = (code: number, lines: string[]) => {
      if (phase === 'greeting') {
        banner = lines.map((l) => l.slice(4)).join(' ');
        if (code !== 220) {
          return fail('greeting', `${where} greeted with '${lines.join(' / ')}' instead of 220: it does not accept mail sessions now, so its certificate cannot be read. Check the server's logs.`);
        }
        phase = 'ehlo';
        arm('waiting for the EHLO reply');
        socket.write(`EHLO ${ehloName()}\r\n`);
        return;
      }
      if (phase === 'ehlo') {
        if (code !== 250) {
          return fail(
            'no-starttls',
            `${where} refused EHLO ('${lines.join(' / ')}'), so it offers no extensions and no STARTTLS.`,
          );
        }
        const offersStarttls = lines.slice(1).some((l) => /^STARTTLS\b/i.test(l.slice(4)));
        if (!offersStarttls) {
          return fail('no-starttls', `${where} does not offer STARTTLS: its EHLO reply lists ${lines.length > 1 ? lines.slice(1).map((l) => l.slice(4).split(' ')[0]).join(', ') : 'no extension'}.`);
        }
        phase = 'starttls';
        arm('waiting for the STARTTLS reply');
        socket.write('STARTTLS\r\n');
        return;
      }
      if (code !== 220) {
        return fail('starttls-refused', `${where} offers STARTTLS but answered it with '${replyText(lines)}' (${code}) instead of 220.`);
      }
      startTls();
    };

    const startTls = () => {
      socket.off('data', onData);
      arm('in the TLS handshake');
      const servername = isIP(options.host) ? undefined : options.host;
      const anchors = options.trustAnchors;
      secure = tls.connect({
        socket,
        servername,
        // OpenSSL validates the chain against these (Node's own when none are given) during the
        // handshake; the verdict is read afterwards, never enforced, since DANE usages do not
        // depend on it.
        ...(anchors ? { ca: anchors.map((a) => a.toString()) } : {}),
        rejectUnauthorized: false,
        // Host names are checked per record after the handshake.
        checkServerIdentity: () => undefined,
      });
      secure.on('error', (e) => fail('tls-failed', `The TLS handshake with ${where} after STARTTLS failed: ${e.message}. The server's TLS settings (certificate, key, protocols) are broken; its logs say more.`));
      secure.on('close', () => fail('closed', `${where} closed the connection during the TLS handshake.`));
      secure.once('secureConnect', () => {
        const s = secure!;
        // The validated path first: Node's walk from the server's certificate through the
        // certificates it sent to the trust anchor OpenSSL found. It must be read before
        // getPeerX509Certificate(), which takes the certificates out of the connection's peer chain.
        const path = s.authorized ? walkIssuers<tls.DetailedPeerCertificate>(s.getPeerCertificate(true), (c) => c.issuerCertificate, (c) => c.raw, 'stop') : [];
        // Then the chain as the server sent it: the peer certificate and its issuerCertificate
        // links follow the server's own list, with nothing added from the trust store.
        const chain = walkIssuers<X509Certificate>(s.getPeerX509Certificate(), (c) => c.issuerCertificate, (c) => c.raw, 'skip');
        if (chain.length === 0) return fail('tls-failed', `${where} completed the TLS handshake without presenting a certificate.`);
        let error: string | undefined;
        let errorText: string | undefined;
        if (!s.authorized) {
          error = String(s.authorizationError ?? 'UNSPECIFIED');
          // Node keeps OpenSSL's words for the error on the connection's handle (for codes Node
          // names UNSPECIFIED, such as a name constraint violation, they are all there is).
          try {
            const handle = (s as unknown as { _handle?: { verifyError?: () => Error | null | undefined } })._handle;
            const text = handle?.verifyError?.()?.message;
            if (text && text !== error) errorText = text;
          } catch {
            // No words beyond the code.
          }
        }
        const pkix: PkixVerification = { authorized: s.authorized, ...(error ? { error } : {}), ...(errorText ? { errorText } : {}), path, trusted: trustedLabel(anchors) };
        finish({ ok: true, banner, chain, pkix, protocol: s.getProtocol() ?? 'TLS', cipher: s.getCipher()?.name ?? '' });
      });
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Matching TLSA records against a chain.

/** A TLSA record to check; fields undefined when the record does not parse. */
export interface TlsaRecordInput {
  owner: string;
  /** Where the record is, e.g. `zone.db:12`. */
  where: string;
  usage?: number;
  selector?: number;
  matchingType?: number;
  /** Hex, any case. */
  data?: string;
}

export interface TlsaVerdict {
  record: TlsaRecordInput;
  matches: boolean;
  /** Senders of this service use records of this usage (for SMTP: DANE-TA and DANE-EE only). */
  usable: boolean;
  /** One or more sentences: what was compared, and for a mismatch why and what to do. */
  reason: string;
}

export interface CheckContext {
  /** The host name the certificate must be for (DANE-TA and PKIX name checks). */
  host: string;
  port: number;
  /** The time DANE-TA checks validity periods at (PKIX validity is OpenSSL's, at the handshake). */
  now: Date;
  /** OpenSSL's validation of the chain in the handshake, for usages 0 and 1. */
  pkix: PkixVerification;
}

function usableFor(port: number, usage: number): boolean {
  return port !== SMTP_PORT || usage === 2 || usage === 3;
}

const DIGEST_HEX_LENGTH: Record<number, [string, number]> = { 1: ['SHA-256', 64], 2: ['SHA-512', 128] };

function shortHex(hex: string): string {
  return hex.length > 72 ? `${hex.slice(0, 32)}…${hex.slice(-32)} (${hex.length / 2} octets)` : hex;
}

function selectorWords(selector: number): string {
  return selector === 0 ? 'certificate (DER)' : 'public key (SubjectPublicKeyInfo)';
}

function matchingWords(matchingType: number): string {
  return matchingType === 0 ? 'full' : matchingType === 1 ? 'SHA-256 digest of the' : 'SHA-512 digest of the';
}

function dataOf(cert: X509Certificate, selector: number, matchingType: number): string {
  return associationData(cert, selector, matchingType).toString('hex');
}

function roleOf(index: number): string {
  return index === 0 ? "the server's own certificate" : `the CA certificate ${index + 1} in the chain`;
}

/** Other combinations whose data equals the record's, as hints for a record written with the wrong numbers. */
function lookalikes(data: string, chain: readonly X509Certificate[], record: { usage: number; selector: number; matchingType: number }): string[] {
  const hints: string[] = [];
  chain.forEach((cert, index) => {
    for (const selector of [0, 1]) {
      for (const matchingType of [0, 1, 2]) {
        if (dataOf(cert, selector, matchingType) !== data) continue;
        const usage = index === 0 ? 3 : 2;
        if (usage === record.usage && selector === record.selector && matchingType === record.matchingType) continue;
        hints.push(`The data is the ${matchingWords(matchingType)} ${selectorWords(selector)} of ${roleOf(index)}: write ${usage} ${selector} ${matchingType}.`);
      }
    }
  });
  return hints;
}

function validityProblem(cert: X509Certificate, now: Date, role: string): string | undefined {
  const from = certDate(cert.validFrom);
  const to = certDate(cert.validTo);
  if (now < from) return `${role} is not valid before ${isoDay(from)} (senders report 4.7.323 tlsa-invalid)`;
  if (now > to) return `${role} expired on ${isoDay(to)} (senders report 4.7.322 certificate-expired); renew it`;
  return undefined;
}

function nameProblem(cert: X509Certificate, host: string): string | undefined {
  const matched = isIP(host)
    ? cert.checkIP(host)
    : cert.checkHost(host, { subject: 'default', wildcards: true, partialWildcards: false, multiLabelWildcards: false, singleLabelSubdomains: false });
  if (matched) return undefined;
  const names = dnsNames(cert);
  const stated = names.length ? `names ${names.join(', ')}` : commonName(cert) ? `has the common name ${commonName(cert)} and no DNS name` : 'names no host';
  return `the server's certificate ${stated}, not ${host}`;
}

/** Signature and issuer check of one link: `issuer` issued and signed `cert`. */
function issued(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function signedBy(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.verify(key);
  } catch {
    return false;
  }
}

/** What a PKIX verification error means and what to do, by Node's code for it. */
const PKIX_ERROR_ADVICE: Readonly<Record<string, string>> = {
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    "the last certificate of the chain is issued by a CA that is not trusted here: the server leaves out an intermediate CA certificate (send the whole chain; Postfix: the CA certificates after the server's in smtpd_tls_chain_files), or the CA is a private one",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    "the server sends only its own certificate, and its issuer is not a CA trusted here: send the intermediate CA certificates after the server's (Postfix: smtpd_tls_chain_files)",
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer of a CA certificate in the chain is missing: send the whole chain up to a trusted root',
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's certificate is self-signed, so no trusted CA vouches for it: PKIX usages need a certificate from a CA; for this one publish 3 1 1",
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain ends at a self-signed CA certificate that is not trusted here (a private CA): publish 2 1 1 for that CA or 3 1 1 for the server instead',
  CERT_HAS_EXPIRED: 'a certificate in the chain has expired: renew it',
  CERT_NOT_YET_VALID: "a certificate in the chain is not valid yet: check its start date and this machine's clock",
  INVALID_PURPOSE: "a certificate's key usage or extended key usage does not allow TLS server authentication: the server's certificate needs extendedKeyUsage serverAuth (or none at all)",
  INVALID_CA: 'a certificate the chain uses as a CA is not marked as one (basicConstraints CA:TRUE)',
  PATH_LENGTH_EXCEEDED: "the chain has more CA certificates below a CA than its path length constraint allows",
  CERT_SIGNATURE_FAILURE: 'a signature in the chain does not verify: the server sends a wrong or damaged CA certificate',
  CERT_CHAIN_TOO_LONG: 'the chain is longer than OpenSSL accepts',
  CERT_UNTRUSTED: 'the root CA is not trusted for TLS server authentication here',
  CERT_REJECTED: 'the root CA is marked as rejected for TLS server authentication here',
};

/** Why OpenSSL's validation failed, in its words, with what it means and what to do. */
function pkixFailure(pkix: PkixVerification, chain: readonly X509Certificate[], now: Date): string {
  const code = pkix.error ?? 'UNSPECIFIED';
  const words = pkix.errorText ? ` (${pkix.errorText})` : '';
  let advice = PKIX_ERROR_ADVICE[code] ?? 'OpenSSL rejects the chain: fix the chain the server sends, or publish 3 1 1 or 2 1 1 instead';
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    // Which certificate, when it is one the server sent.
    const which = chain.map((c, i) => validityProblem(c, now, i === 0 ? "the server's certificate" : `CA certificate ${i + 1} (${dn(c.subject)})`)).find(Boolean);
    if (which) advice = which.replace(/ \(senders.*?\)/, '') + (code === 'CERT_NOT_YET_VALID' ? "; check this machine's clock" : '');
  }
  return `PKIX validation against ${pkix.trusted} fails: OpenSSL reports ${code}${words}. ${advice[0].toUpperCase()}${advice.slice(1)}`;
}

/** The PKIX host name check of the server's certificate, as Node's TLS makes it (tls.checkServerIdentity). */
function pkixNameProblem(cert: X509Certificate, host: string): string | undefined {
  const err = tls.checkServerIdentity(host, cert.toLegacyObject());
  return err ? `PKIX validation fails: ${err.message}; get a certificate that names ${host}` : undefined;
}

/**
 * The path from the server's certificate up to the first certificate `isEnd` accepts, through the
 * certificates the server sent in any order, each issued and signed by the next. `stuck` is the
 * last certificate reached when there is no such path.
 */
function pathUpTo(chain: readonly X509Certificate[], isEnd: (c: X509Certificate) => boolean): { path: X509Certificate[] } | { stuck: X509Certificate } {
  const path = [chain[0]];
  for (;;) {
    const current = path[path.length - 1];
    if (isEnd(current)) return { path };
    const next = chain.find((c) => !path.includes(c) && issued(current, c));
    if (!next) return { stuck: current };
    path.push(next);
  }
}

/** Checks one TLSA record against the chain the server sent (leaf first). */
export function checkTlsaRecord(record: TlsaRecordInput, chain: readonly X509Certificate[], ctx: CheckContext): TlsaVerdict {
  const { usage, selector, matchingType } = record;
  const verdict = (matches: boolean, reason: string, usable = usage !== undefined && usableFor(ctx.port, usage)): TlsaVerdict => ({ record, matches, usable, reason });
  if (usage === undefined || selector === undefined || matchingType === undefined || record.data === undefined) {
    return verdict(false, 'The record does not parse: fix it first (the linter says what is wrong).', false);
  }
  if (!(usage in USAGE_NAMES)) return verdict(false, `Usage ${usage} is not defined (0 to 3); senders ignore the record.`, false);
  if (!(selector in SELECTOR_NAMES)) return verdict(false, `Selector ${selector} is not 0 (Cert) or 1 (SPKI); senders ignore the record.`, false);
  if (!(matchingType in MATCHING_NAMES)) return verdict(false, `Matching type ${matchingType} is not 0, 1 or 2; senders ignore the record.`, false);
  const data = record.data.toLowerCase().replace(/\s+/g, '');
  const digest = DIGEST_HEX_LENGTH[matchingType];
  if (digest && data.length !== digest[1]) {
    return verdict(false, `The data has ${data.length} hex digits; a ${digest[0]} digest has ${digest[1]}. Copy the whole digest again (zonelint tlsa --cert FILE prints it).`);
  }
  const what = `${matchingWords(matchingType)} ${selectorWords(selector)}`;
  const label = `${USAGE_NAMES[usage]} (${usage})`;
  const leaf = chain[0];
  const leafData = dataOf(leaf, selector, matchingType);
  const hintText = (extra: string[] = []) => [...extra, ...lookalikes(data, chain, { usage, selector, matchingType })].join(' ');
  const smtpNote = usableFor(ctx.port, usage) ? '' : ` Mail senders ignore usage ${usage} (RFC 7672 §3.1.3): publish 3 1 1 or 2 1 1 instead.`;

  if (usage === 3 || usage === 1) {
    if (leafData !== data) {
      return verdict(false, `${label}: the ${what} of the server's certificate (${describeCertificate(leaf)}) is ${shortHex(leafData)}, not the record's data. ${hintText()}`.trim() + (usage === 3 ? ' If the certificate or key changed, publish the new record (zonelint tlsa --cert FILE) before switching, and keep the old one until caches expire.' : ''));
    }
    if (usage === 3) {
      const expiry = validityProblem(leaf, ctx.now, "the server's certificate");
      return verdict(true, `${label}: the ${what} of the server's certificate matches. Senders check neither its names nor its expiry${expiry ? ` (${expiry.replace(/ \(senders.*$/, '')}, which DANE-EE ignores)` : ''}.`);
    }
    if (!ctx.pkix.authorized) return verdict(false, `${label}: the server's certificate matches, but ${pkixFailure(ctx.pkix, chain, ctx.now)}.${smtpNote}`);
    const name = pkixNameProblem(leaf, ctx.host);
    if (name) return verdict(false, `${label}: the server's certificate matches, but ${name}.${smtpNote}`);
    return verdict(true, `${label}: the server's certificate matches, OpenSSL validates its chain against ${ctx.pkix.trusted}, and it names ${ctx.host}.${smtpNote}`);
  }

  if (usage === 0) {
    if (!ctx.pkix.authorized) return verdict(false, `${label}: ${pkixFailure(ctx.pkix, chain, ctx.now)}.${smtpNote}`);
    const path = ctx.pkix.path;
    // The CA certificates of the path OpenSSL validated, which may end at a trust anchor the server did not send.
    const index = path.findIndex((c, i) => i > 0 && dataOf(c, selector, matchingType) === data);
    if (index < 0) {
      return verdict(false, `${label}: no CA certificate in the path OpenSSL validated (${path.slice(1).map((c) => dn(c.subject)).join('; ')}) has this ${what}. ${hintText()}${smtpNote}`.trim());
    }
    const name = pkixNameProblem(leaf, ctx.host);
    if (name) return verdict(false, `${label}: ${dn(path[index].subject)} in the validated path matches, but ${name}.${smtpNote}`);
    return verdict(true, `${label}: OpenSSL validates the chain against ${ctx.pkix.trusted} through ${dn(path[index].subject)}, whose ${what} matches, and the server's certificate names ${ctx.host}.${smtpNote}`);
  }

  // DANE-TA: a CA certificate the server sent (not its own) matches, or for 2 1 0 the key itself.
  const ta = chain.find((c, i) => i > 0 && dataOf(c, selector, matchingType) === data);
  let taKey: KeyObject | undefined;
  if (!ta && selector === 1 && matchingType === 0) {
    // RFC 7671 §5.2.3: with the full public key published, the server may leave its certificate out.
    try {
      const key = createPublicKey({ key: Buffer.from(data, 'hex'), format: 'der', type: 'spki' });
      if (chain.some((c) => signedBy(c, key))) taKey = key;
    } catch {
      // Not a key: no match.
    }
  }
  if (!ta && !taKey) {
    const extra =
      chain.length === 1 && leafData !== data
        ? ["The server sends only its own certificate: DANE-TA needs the CA certificate in the chain the server sends (Postfix: the CA certificates after the server's in smtpd_tls_chain_files or smtpd_tls_cert_file)."]
        : [];
    const seen = chain.slice(1).map((c) => dn(c.subject));
    return verdict(false, `${label}: no CA certificate the server sent ${seen.length ? `(${seen.join('; ')}) ` : ''}has this ${what}. ${hintText(extra)}`.trim());
  }
  const taName = ta ? dn(ta.subject) : 'the published public key';
  // The path below the trust anchor, through the certificates the server sent.
  const found = pathUpTo(chain, ta ? (c) => c === ta : (c) => signedBy(c, taKey!));
  if ('stuck' in found) {
    const who = found.stuck === leaf ? "the server's certificate" : dn(found.stuck.subject);
    return verdict(false, `${label}: ${taName} matches, but ${who} is not issued and signed by it or by another certificate the server sent, so it does not chain to the matching CA. Send the CA certificates between them in the chain.`);
  }
  const below = ta ? found.path.slice(0, -1) : found.path;
  for (const [i, c] of below.entries()) {
    const problem = validityProblem(c, ctx.now, i === 0 ? "the server's certificate" : `CA certificate ${dn(c.subject)}`);
    if (problem) return verdict(false, `${label}: the CA matches, but ${problem}.`);
  }
  const name = nameProblem(leaf, ctx.host);
  if (name) {
    return verdict(false, `${label}: the CA matches, but ${name}. With DANE-TA senders require the certificate to name the MX host (RFC 7672 §3.2.2) and report 4.7.323 tlsa-invalid; get a certificate that names ${ctx.host}, or publish 3 1 1 for this certificate.`);
  }
  return verdict(true, `${label}: the server's certificate chains to ${taName}, whose ${what} matches, and names ${ctx.host}.`);
}

/** The records a chain needs: 3 1 1 for the server's key, 2 1 1 for its issuer when the server sends it. */
export function suggestedRecords(chain: readonly X509Certificate[], host: string, port: number): string[] {
  const owner = tlsaOwner(port, host);
  const leaf = chain[0];
  const lines = [
    `${formatTlsaRecord(owner, 3, 1, 1, dataOf(leaf, 1, 1))}`,
    `    DANE-EE: the SHA-256 digest of the server's public key; stays valid across renewals that keep the key.`,
  ];
  const issuer = chain.find((c, i) => i > 0 && issued(leaf, c));
  if (issuer) {
    lines.push(
      `${formatTlsaRecord(owner, 2, 1, 1, dataOf(issuer, 1, 1))}`,
      `    DANE-TA: the key of the issuer ${dn(issuer.subject)}; any certificate from it that names ${host} matches, as long as the server sends that CA certificate in its chain.`,
    );
  } else if (leaf.subject === leaf.issuer) {
    lines.push('    The certificate is self-signed: only 3 1 1 applies.');
  } else {
    lines.push(`    The server sends no issuer certificate (issuer: ${dn(leaf.issuer)}): for 2 1 1 it must send the CA certificate after its own.`);
  }
  return lines;
}

/** The TLSA records of `owner` in a parsed zone, with their file and line. */
export function tlsaRecordsAt(parsed: ParsedZone, owner: string): TlsaRecordInput[] {
  const key = owner.toLowerCase();
  const out: TlsaRecordInput[] = [];
  const indexes = new Map<number, LineIndex>();
  for (const rec of parsed.records) {
    if (rec.type !== 'TLSA' || rec.owner.toLowerCase() !== key) continue;
    let index = indexes.get(rec.file);
    if (!index) indexes.set(rec.file, (index = new LineIndex(parsed.files[rec.file].text)));
    const where = `${parsed.files[rec.file].path || 'zone'}:${index.position(rec.start).line + 1}`;
    const value = (name: string) => rec.fields?.find((f) => f.name === name)?.value;
    const num = (name: string) => (typeof value(name) === 'number' ? (value(name) as number) : undefined);
    const data = value('data');
    out.push({ owner: rec.owner, where, usage: num('usage'), selector: num('selector'), matchingType: num('matchingType'), data: typeof data === 'string' ? data : undefined });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The whole verification, as the CLI and the editor command run it.

export interface VerifyOptions {
  /** The MX host name: the TLSA base domain and the name the certificate is checked for. */
  host: string;
  /** The port in the TLSA owner (25 for mail between servers). */
  port: number;
  /** Where to connect instead of host and port. */
  connectHost?: string;
  connectPort?: number;
  timeoutMs?: number;
  /** The zone's TLSA records at the owner; undefined when no zone was given. */
  records?: TlsaRecordInput[];
  /** What the records come from, for the report ("zone.db"). */
  zoneLabel?: string;
  now?: Date;
  /** The CA certificates PKIX validation (usages 0 and 1) trusts; default: the ones Node trusts. */
  trustAnchors?: readonly X509Certificate[];
  /** The SMTP client; replaced in tests of the report alone. */
  fetch?: (options: SmtpTlsOptions) => Promise<SmtpTlsResult>;
}

export interface VerifyOutcome {
  /** 0 a usable record matches (or, without a zone, TLS works); 1 none matches or no STARTTLS; 2 the check could not be made. */
  exitCode: 0 | 1 | 2;
  /** The report (exit codes 0 and 1). */
  report: string;
  /** What went wrong when the check could not be made (exit code 2). */
  error?: string;
}

export async function verifyTlsa(options: VerifyOptions): Promise<VerifyOutcome> {
  const { host, port } = options;
  const owner = tlsaOwner(port, host);
  const connectHost = options.connectHost ?? host;
  const connectPort = options.connectPort ?? port;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const result = await (options.fetch ?? fetchSmtpCertificates)({ host, connectHost, connectPort, timeoutMs, ...(options.trustAnchors ? { trustAnchors: options.trustAnchors } : {}) });
  const target = `${host} port ${port}${connectHost !== host || connectPort !== port ? ` (connected to ${isIP(connectHost) === 6 ? `[${connectHost}]` : connectHost}:${connectPort})` : ''}`;
  const lines: string[] = [];
  if (!result.ok) {
    if (result.kind === 'no-starttls') {
      lines.push(
        `${target}: no STARTTLS. ${result.message}`,
        `A DANE sender that finds TLSA records for ${host} does not deliver in plain text: it defers the mail with 4.7.321 starttls-not-supported and returns it after about a day.`,
        `Turn on TLS in the mail server (Postfix: smtpd_tls_security_level = may, with smtpd_tls_cert_file and smtpd_tls_key_file), or remove the host's TLSA records (${owner}).`,
      );
      if (options.records?.length) lines.push(`The zone has ${options.records.length} TLSA record${options.records.length === 1 ? '' : 's'} at ${owner}; none can match without TLS.`);
      return { exitCode: 1, report: lines.join('\n') + '\n' };
    }
    if (result.kind === 'starttls-refused' || result.kind === 'tls-failed') {
      lines.push(`${target}: ${result.message}`, `DANE senders cannot deliver to ${host}: they defer the mail (4.7.321 starttls-not-supported or 4.7.323 tlsa-invalid) and return it after about a day.`);
      return { exitCode: 1, report: lines.join('\n') + '\n' };
    }
    return { exitCode: 2, report: '', error: `Cannot check ${target}: ${result.message}` };
  }

  const { chain } = result;
  lines.push(`${target}: STARTTLS, ${result.protocol}${result.cipher ? ` ${result.cipher}` : ''}; the server sent ${chain.length} certificate${chain.length === 1 ? '' : 's'}:`);
  chain.forEach((c, i) => lines.push(`  ${i + 1}. ${describeCertificate(c)}`));

  if (options.records === undefined) {
    lines.push('', `Records for ${host} to publish (in a DNSSEC-signed zone):`, ...suggestedRecords(chain, host, port).map((l) => `  ${l}`));
    return { exitCode: 0, report: lines.join('\n') + '\n' };
  }
  const from = options.zoneLabel ? ` in ${options.zoneLabel}` : '';
  if (options.records.length === 0) {
    lines.push('', `No TLSA record at ${owner}${from}, so there is nothing to match. Records this server would need:`, ...suggestedRecords(chain, host, port).map((l) => `  ${l}`));
    return { exitCode: 1, report: lines.join('\n') + '\n' };
  }
  const ctx: CheckContext = { host, port, now: options.now ?? new Date(), pkix: result.pkix };
  const verdicts = options.records.map((r) => checkTlsaRecord(r, chain, ctx));
  lines.push('', `TLSA records at ${owner}${from}:`);
  for (const v of verdicts) {
    const r = v.record;
    const text = r.usage === undefined ? '(does not parse)' : `${r.usage} ${r.selector} ${r.matchingType} ${shortHex((r.data ?? '').toLowerCase())}`;
    lines.push(`  ${r.where}: TLSA ${text}`, `    ${v.matches ? 'MATCHES' : 'DOES NOT MATCH'}${v.matches && !v.usable ? ' (but unusable here)' : ''}: ${v.reason}`);
  }
  const usableMatches = verdicts.filter((v) => v.matches && v.usable).length;
  const matches = verdicts.filter((v) => v.matches).length;
  lines.push('');
  if (usableMatches > 0) {
    const failing = verdicts.length - matches;
    lines.push(
      `Result: ${usableMatches} of ${verdicts.length} record${verdicts.length === 1 ? '' : 's'} match${usableMatches === 1 ? 'es' : ''} and ${usableMatches === 1 ? 'is' : 'are'} usable: DANE senders will deliver to ${host} over authenticated TLS.` +
        (failing ? ` Remove or update the ${failing} that do${failing === 1 ? 'es' : ''} not match once they are no longer needed for a rollover.` : ''),
    );
    return { exitCode: 0, report: lines.join('\n') + '\n' };
  }
  if (matches > 0) {
    lines.push(`Result: only records of usage 0 or 1 match, which mail senders cannot use (RFC 7672 §3.1.3); with no usable record they require TLS but check no certificate. Publish 3 1 1 (or 2 1 1):`);
  } else {
    lines.push(`Result: no record matches. DANE senders defer mail to ${host} (4.7.323 tlsa-invalid), retry for about a day, then return it. Publish a record for the certificate the server has now:`);
  }
  lines.push(...suggestedRecords(chain, host, port).map((l) => `  ${l}`));
  return { exitCode: 1, report: lines.join('\n') + '\n' };
}
