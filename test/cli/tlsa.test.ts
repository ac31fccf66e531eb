// `zonelint tlsa`: TLSA records for certificates made by openssl here, their digests checked against
// an independent openssl pipeline, and --verify against real Postfix servers on 127.0.0.1 (with
// STARTTLS and a self-signed certificate, with a CA-issued chain, with the server's certificate
// alone, with a certificate only for client authentication, and without STARTTLS). PKIX usages 0
// and 1 are checked with OpenSSL's validation in real handshakes, against a test CA given as trust
// anchor, or through NODE_EXTRA_CA_CERTS for the command itself.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { BIN, pool, REPO, zonelint, type RunResult } from './runZonelint';
import {
  makeCaAndServerCertificate,
  makeSelfSignedCertificate,
  openssl,
  OPENSSL_SKIP,
  POSTFIX_SKIP,
  startPostfix,
  type PostfixServer,
} from '../helpers/postfixServer';
import {
  checkTlsaRecord,
  fetchSmtpCertificates,
  subjectPublicKeyInfo,
  tlsaOwner,
  verifyTlsa,
  type CheckContext,
  type PkixVerification,
  type SmtpTlsResult,
  type TlsaRecordInput,
} from '../../server/src/node/tlsa';

const RECORD = /^(\S+) IN TLSA (\d) (\d) (\d) ([0-9a-f]+)$/;

/** Runs a shell pipeline of openssl and coreutils and returns its first word: the independent result. */
function shell(command: string): string {
  return execFileSync('/bin/sh', ['-c', `set -e; ${command}`], { encoding: 'utf8' }).trim().split(/\s+/)[0];
}
const q = (path: string) => `'${path.replace(/'/g, `'\\''`)}'`;
const spkiDer = (pem: string) => `openssl x509 -in ${q(pem)} -pubkey -noout | openssl pkey -pubin -outform DER`;
const certDer = (pem: string) => `openssl x509 -in ${q(pem)} -outform DER`;
const hexOf = `od -An -v -tx1 | tr -d ' \\n'`;

function record(r: RunResult): { owner: string; usage: number; selector: number; matchingType: number; data: string } {
  assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr}`);
  const lines = r.stdout.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `one record line expected:\n${r.stdout}`);
  const m = RECORD.exec(lines[0]);
  assert.ok(m, `not 'OWNER IN TLSA U S M HEX': ${lines[0]}`);
  return { owner: m[1], usage: Number(m[2]), selector: Number(m[3]), matchingType: Number(m[4]), data: m[5] };
}

/** Runs the zonelint command with changes to the environment (undefined removes a variable). */
function zonelintWithEnv(args: string[], change: Record<string, string | undefined>): Promise<RunResult> {
  const env = { ...process.env };
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: REPO, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? Number((error as { code?: unknown }).code) : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) + (error && code === -1 ? error.message : '') });
    });
  });
}

let dir: string;

describe('zonelint tlsa --cert', { skip: OPENSSL_SKIP }, () => {
  let rsa: { cert: string; key: string };
  let rsaDer: string;
  let ec: { cert: string; key: string };
  let ed: { cert: string; key: string };
  let san: { cert: string; key: string };
  let noHost: { cert: string; key: string };
  let chain: ReturnType<typeof makeCaAndServerCertificate>;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'zonelint-tlsa-cert-'));
    rsa = makeSelfSignedCertificate(dir, 'rsa', 'mx1.example.com');
    rsaDer = join(dir, 'rsa.der');
    openssl(['x509', '-in', rsa.cert, '-outform', 'DER', '-out', rsaDer]);
    ec = makeSelfSignedCertificate(dir, 'ec', 'mx2.example.com', { key: 'ec', san: ['mx2.example.com'] });
    ed = makeSelfSignedCertificate(dir, 'ed', 'mx3.example.com', { key: 'ed25519' });
    san = makeSelfSignedCertificate(dir, 'san', 'Mail Server', { san: ['*.example.net', 'Mail.Example.NET'] });
    noHost = makeSelfSignedCertificate(dir, 'nohost', 'Nobody');
    chain = makeCaAndServerCertificate(dir, 'mx9.example.org');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('default 3 1 1 of a PEM certificate: the SHA-256 of its public key, as openssl computes it', async () => {
    const r = record(await zonelint(['tlsa', '--cert', rsa.cert]));
    assert.deepEqual([r.usage, r.selector, r.matchingType], [3, 1, 1]);
    assert.equal(r.data, shell(`${spkiDer(rsa.cert)} | sha256sum`));
    assert.equal(r.owner, '_25._tcp.mx1.example.com.');
  });

  test('the same certificate in DER gives the same record', async () => {
    const pem = record(await zonelint(['tlsa', '--cert', rsa.cert]));
    const der = record(await zonelint(['tlsa', '--cert', rsaDer]));
    assert.deepEqual(der, pem);
  });

  test('every selector and matching type agrees with openssl, in PEM and DER', async () => {
    const expected: Record<string, string> = {
      '0 0': shell(`${certDer(rsa.cert)} | ${hexOf}`),
      '0 1': shell(`${certDer(rsa.cert)} | sha256sum`),
      '0 2': shell(`${certDer(rsa.cert)} | sha512sum`),
      '1 0': shell(`${spkiDer(rsa.cert)} | ${hexOf}`),
      '1 1': shell(`${spkiDer(rsa.cert)} | sha256sum`),
      '1 2': shell(`${spkiDer(rsa.cert)} | sha512sum`),
    };
    for (const file of [rsa.cert, rsaDer]) {
      for (const [combo, want] of Object.entries(expected)) {
        const [selector, matching] = combo.split(' ');
        const r = record(await zonelint(['tlsa', '--cert', file, '--usage', '3', '--selector', selector, '--matching-type', matching, '--name', '_25._tcp.mx1.example.com.']));
        assert.equal(`${r.selector} ${r.matchingType}`, combo);
        assert.equal(r.data, want, `3 ${combo} of ${file}`);
      }
    }
    assert.equal(expected['0 1'].length, 64);
    assert.equal(expected['0 2'].length, 128);
  });

  test('EC and Ed25519 keys: the public key as encoded in the certificate', async () => {
    for (const c of [ec, ed]) {
      const r = record(await zonelint(['tlsa', '--cert', c.cert]));
      assert.equal(r.data, shell(`${spkiDer(c.cert)} | sha256sum`), c.cert);
      const full = record(await zonelint(['tlsa', '--cert', c.cert, '--matching-type', '0']));
      assert.equal(full.data, shell(`${spkiDer(c.cert)} | ${hexOf}`), c.cert);
    }
    // The module's own extraction agrees with Node's re-encoding for these keys.
    const x = new X509Certificate(readFileSync(ec.cert));
    assert.ok(subjectPublicKeyInfo(x.raw).equals(x.publicKey.export({ type: 'spki', format: 'der' })));
  });

  test('--name sets the owner (a final dot added); --usage 2 on a full chain takes its CA certificate', async () => {
    const named = record(await zonelint(['tlsa', '--cert', rsa.cert, '--name', '_25._tcp.mail.example.com']));
    assert.equal(named.owner, '_25._tcp.mail.example.com.');
    const ta = await zonelint(['tlsa', '--cert', chain.chain, '--usage', '2', '--name', '_25._tcp.mx9.example.org.']);
    const r = record(ta);
    assert.deepEqual([r.usage, r.selector, r.matchingType], [2, 1, 1]);
    assert.equal(r.data, shell(`${spkiDer(chain.ca.cert)} | sha256sum`));
    assert.match(ta.stderr, /certificate 2 .*first CA certificate/);
    const ee = record(await zonelint(['tlsa', '--cert', chain.chain]));
    assert.equal(ee.data, shell(`${spkiDer(chain.server.cert)} | sha256sum`));
    assert.equal(ee.owner, '_25._tcp.mx9.example.org.');
  });

  test('without --name the owner comes from the first DNS name that is not a wildcard, and stderr says so', async () => {
    const r = await zonelint(['tlsa', '--cert', san.cert]);
    assert.equal(record(r).owner, '_25._tcp.mail.example.net.');
    assert.match(r.stderr, /DNS name .*Mail\.Example\.NET.*--name/);
  });

  test('a certificate that names no host needs --name', async () => {
    const r = await zonelint(['tlsa', '--cert', noHost.cert]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /names no host.*--name _25\._tcp\.MXHOST\./);
  });

  test('a key instead of a certificate, a missing file and bad numbers are usage errors', async () => {
    const key = await zonelint(['tlsa', '--cert', rsa.key]);
    assert.equal(key.code, 2);
    assert.match(key.stderr, /PEM 'PRIVATE KEY' block but no 'BEGIN CERTIFICATE' block/);
    const missing = await zonelint(['tlsa', '--cert', join(dir, 'nope.pem')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Cannot read the certificate .*no such file/);
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, 'hello');
    const notCert = await zonelint(['tlsa', '--cert', junk]);
    assert.equal(notCert.code, 2);
    assert.match(notCert.stderr, /neither a PEM certificate .* nor a DER certificate/);
    const usage = await zonelint(['tlsa', '--cert', rsa.cert, '--usage', '4']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--usage '4' is not 0 \(PKIX-TA\), 1 \(PKIX-EE\), 2 \(DANE-TA\) or 3 \(DANE-EE\)/);
    const matching = await zonelint(['tlsa', '--cert', rsa.cert, '--matching-type', 'sha256']);
    assert.equal(matching.code, 2);
    const both = await zonelint(['tlsa', '--cert', rsa.cert, '--verify', 'mx1.example.com']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /either --cert FILE .* or --verify HOST/);
    const mixed = await zonelint(['tlsa', '--cert', rsa.cert, '--zone', 'x.zone']);
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /--zone goes with --verify/);
  });

  test('--help describes the subcommand and the default owner; the main help points to it', async () => {
    const r = await zonelint(['tlsa', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /zonelint tlsa --cert FILE/);
    assert.match(r.stdout, /_25\._tcp\.HOST\. with HOST the certificate's first DNS/);
    assert.match(r.stdout, /--timeout MS/);
    const main = await zonelint(['--help']);
    assert.match(main.stdout, /zonelint tlsa --cert FILE \| --verify HOST\[:PORT\]/);
  });
});

describe('zonelint tlsa --verify against Postfix on 127.0.0.1', { skip: POSTFIX_SKIP }, () => {
  let vdir: string;
  let selfSigned: { cert: string; key: string };
  let chain: ReturnType<typeof makeCaAndServerCertificate>;
  let clientOnly: ReturnType<typeof makeCaAndServerCertificate>;
  let constrained: ReturnType<typeof makeCaAndServerCertificate>;
  let tlsServer: PostfixServer;
  let chainServer: PostfixServer;
  let leafOnlyServer: PostfixServer;
  let clientOnlyServer: PostfixServer;
  let constrainedServer: PostfixServer;
  let plainServer: PostfixServer;
  let closedPort: number;
  let silent: Server;
  let leafDigest: string;

  before(async () => {
    vdir = mkdtempSync(join(tmpdir(), 'zonelint-tlsa-verify-'));
    selfSigned = makeSelfSignedCertificate(vdir, 'mx1', 'mx1.example.com');
    chain = makeCaAndServerCertificate(vdir, 'mx1.example.com');
    mkdirSync(join(vdir, 'client-only'));
    clientOnly = makeCaAndServerCertificate(join(vdir, 'client-only'), 'mx1.example.com', { extendedKeyUsage: 'clientAuth' });
    mkdirSync(join(vdir, 'constrained'));
    constrained = makeCaAndServerCertificate(join(vdir, 'constrained'), 'mx1.example.com', { nameConstraints: 'critical,permitted;DNS:.example.org' });
    // At most three start at once: each start runs many processes, and on a busy machine six at
    // once come close to the time a start may take.
    [tlsServer, chainServer, leafOnlyServer, clientOnlyServer, constrainedServer, plainServer] = await pool(
      [
        { tls: selfSigned },
        { tls: { cert: chain.chain, key: chain.server.key } },
        // The same certificate without its CA: the server sends only its own.
        { tls: { cert: chain.server.cert, key: chain.server.key } },
        { tls: { cert: clientOnly.chain, key: clientOnly.server.key } },
        // A CA that may certify names under example.org only, and a certificate it issued for mx1.example.com.
        { tls: { cert: constrained.chain, key: constrained.server.key } },
        {},
      ],
      3,
      startPostfix,
    );
    leafDigest = shell(`${spkiDer(selfSigned.cert)} | sha256sum`);
    // A port nothing listens on: bound, noted, closed.
    closedPort = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    // A server that accepts and never greets.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
  });
  after(async () => {
    await Promise.all([tlsServer?.stop(), chainServer?.stop(), leafOnlyServer?.stop(), clientOnlyServer?.stop(), constrainedServer?.stop(), plainServer?.stop()]);
    silent?.close();
    rmSync(vdir, { recursive: true, force: true });
  });

  const zone = (name: string, records: string[]) => {
    const path = join(vdir, name);
    writeFileSync(
      path,
      ['$ORIGIN example.com.', '$TTL 300', '@ IN SOA ns1 hostmaster 1 7200 900 1209600 300', '@ IN NS ns1', 'ns1 IN A 192.0.2.1', '@ IN MX 10 mx1', 'mx1 IN A 192.0.2.25', ...records, ''].join('\n'),
    );
    return path;
  };
  const verify = (server: PostfixServer | number, zoneFile?: string, host = 'mx1.example.com', extra: string[] = []) =>
    zonelint(['tlsa', '--verify', host, '--connect', `127.0.0.1:${typeof server === 'number' ? server : server.port}`, ...(zoneFile ? ['--zone', zoneFile] : []), ...extra]);
  const log = (s: PostfixServer) => `\n--- postfix log ---\n${s.log()}`;

  test('a matching 3 1 1 record is reported as matching, exit 0', async () => {
    const file = zone('match.zone', [`_25._tcp.mx1 IN TLSA 3 1 1 ${leafDigest}`]);
    const r = await verify(tlsServer, file);
    assert.equal(r.code, 0, r.stdout + r.stderr + log(tlsServer));
    assert.match(r.stdout, /STARTTLS, TLSv1\.[23]/);
    assert.match(r.stdout, new RegExp(`match\\.zone:8: TLSA 3 1 1 ${leafDigest}\\n\\s+MATCHES: DANE-EE \\(3\\)`));
    assert.match(r.stdout, /Result: 1 of 1 record matches/);
  });

  test('a mismatching record: exit 1, which record and why, and the record the server needs', async () => {
    const wrong = 'ab'.repeat(32);
    const file = zone('mismatch.zone', ['; the key before the renewal', `_25._tcp.mx1 IN TLSA 3 1 1 ${wrong}`]);
    const r = await verify(tlsServer, file);
    assert.equal(r.code, 1, r.stdout + r.stderr + log(tlsServer));
    assert.match(r.stdout, new RegExp(`mismatch\\.zone:9: TLSA 3 1 1 ${wrong}\\n\\s+DOES NOT MATCH: DANE-EE \\(3\\): the SHA-256 digest of the public key \\(SubjectPublicKeyInfo\\) of the server's certificate \\(CN=mx1\\.example\\.com \\(self-signed\\)[^)]*\\) is ${leafDigest}, not the record's data`));
    assert.match(r.stdout, /Result: no record matches\. DANE senders defer mail to mx1\.example\.com \(4\.7\.323 tlsa-invalid\)/);
    assert.match(r.stdout, new RegExp(`_25\\._tcp\\.mx1\\.example\\.com\\. IN TLSA 3 1 1 ${leafDigest}`));
  });

  test('one matching record among stale ones is enough: exit 0', async () => {
    const file = zone('rollover.zone', [`_25._tcp.mx1 IN TLSA 3 1 1 ${'cd'.repeat(32)}`, `_25._tcp.mx1 IN TLSA 3 1 1 ${leafDigest.toUpperCase()}`]);
    const r = await verify(tlsServer, file);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /DOES NOT MATCH/);
    assert.match(r.stdout, /Result: 1 of 2 records matches and is usable/);
  });

  test('data of another selector or a truncated digest: the reason says what to write', async () => {
    const certSha256 = shell(`${certDer(selfSigned.cert)} | sha256sum`);
    const file = zone('numbers.zone', [`_25._tcp.mx1 IN TLSA 3 1 1 ${certSha256}`, `_25._tcp.mx1 IN TLSA 3 1 1 ${leafDigest.slice(0, 62)}`]);
    const r = await verify(tlsServer, file);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /The data is the SHA-256 digest of the certificate \(DER\) of the server's own certificate: write 3 0 1\./);
    assert.match(r.stdout, /The data has 62 hex digits; a SHA-256 digest has 64/);
  });

  test('PKIX-EE on port 25 is unusable even when the certificate matches: exit 1', async () => {
    const file = zone('pkix.zone', [`_25._tcp.mx1 IN TLSA 1 1 1 ${leafDigest}`]);
    const r = await verify(tlsServer, file);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /DOES NOT MATCH: PKIX-EE \(1\): the server's certificate matches, but PKIX validation against the CA certificates Node trusts .* fails: OpenSSL reports DEPTH_ZERO_SELF_SIGNED_CERT \(self-signed certificate\)\. The server's certificate is self-signed/,
    );
    assert.match(r.stdout, /Mail senders ignore usage 1 \(RFC 7672 §3\.1\.3\)/);
  });

  // PKIX usages at the submission port, where they are usable, with OpenSSL's validation in real
  // handshakes against the test CA as the only trust anchor (or none).
  const handshake = async (server: PostfixServer, trustAnchors: X509Certificate[]) => {
    const r = await fetchSmtpCertificates({ host: 'mx1.example.com', connectHost: '127.0.0.1', connectPort: server.port, timeoutMs: 10_000, trustAnchors });
    assert.ok(r.ok, `${r.ok || r.message}${log(server)}`);
    return r as Extract<SmtpTlsResult, { ok: true }>;
  };
  const check = (r: Extract<SmtpTlsResult, { ok: true }>, record: Omit<TlsaRecordInput, 'owner' | 'where'>, host = 'mx1.example.com') =>
    checkTlsaRecord({ owner: tlsaOwner(587, host), where: 'z:1', ...record }, r.chain, { host, port: 587, now: new Date(), pkix: r.pkix });
  const certOf = (path: string) => new X509Certificate(readFileSync(path));
  const digestOf = (path: string) => shell(`${spkiDer(path)} | sha256sum`);

  test('PKIX-EE (1): matches when the chain validates against the trusted test CA, fails with the OpenSSL reason when it is not trusted', async () => {
    const record = { usage: 1, selector: 1, matchingType: 1, data: digestOf(chain.server.cert) };
    const trusted = await handshake(chainServer, [certOf(chain.ca.cert)]);
    assert.equal(trusted.pkix.authorized, true, trusted.pkix.error);
    assert.deepEqual(trusted.pkix.path.map((c) => c.subject), ['CN=mx1.example.com', 'CN=Zonelint Test CA']);
    const ok = check(trusted, record);
    assert.equal(ok.matches, true, ok.reason);
    assert.equal(ok.usable, true);
    assert.match(ok.reason, /^PKIX-EE \(1\): the server's certificate matches, OpenSSL validates its chain against the given CA certificate, and it names mx1\.example\.com\.$/);

    const untrusted = await handshake(chainServer, []);
    assert.equal(untrusted.pkix.authorized, false);
    assert.deepEqual(untrusted.pkix.path, []);
    const failed = check(untrusted, record);
    assert.equal(failed.matches, false);
    assert.match(failed.reason, /PKIX-EE \(1\): the server's certificate matches, but PKIX validation against no CA certificate \(none was given\) fails: OpenSSL reports SELF_SIGNED_CERT_IN_CHAIN \(self-signed certificate in certificate chain\)\. The chain ends at a self-signed CA certificate that is not trusted here/);
    // The chain the server sent is the same either way.
    assert.deepEqual(untrusted.chain.map((c) => c.fingerprint256), trusted.chain.map((c) => c.fingerprint256));
  });

  test('PKIX-EE (1) with another host name fails with the host name check, while DANE-EE does not check names', async () => {
    const data = digestOf(chain.server.cert);
    const r = await verifyTlsa({
      host: 'www.example.com',
      port: 587,
      connectHost: '127.0.0.1',
      connectPort: chainServer.port,
      trustAnchors: [certOf(chain.ca.cert)],
      records: [1, 3].map((usage, i) => ({ owner: '_587._tcp.www.example.com.', where: `z:${i + 1}`, usage, selector: 1, matchingType: 1, data })),
      zoneLabel: 'z',
    });
    assert.equal(r.exitCode, 0, r.report + r.error);
    assert.match(r.report, /z:1: TLSA 1 1 1 [0-9a-f]{64}\n\s+DOES NOT MATCH: PKIX-EE \(1\): the server's certificate matches, but PKIX validation fails: Hostname\/IP does not match certificate's altnames: Host: www\.example\.com\. is not in the cert's altnames: DNS:mx1\.example\.com; get a certificate that names www\.example\.com\./);
    assert.match(r.report, /z:2: TLSA 3 1 1 [0-9a-f]{64}\n\s+MATCHES: DANE-EE \(3\)/);
  });

  test("PKIX-TA (0): the test CA in OpenSSL's validated path matches, even when the server does not send it; DANE-TA needs it sent", async () => {
    const ca = certOf(chain.ca.cert);
    const caRecord = { usage: 0, selector: 1, matchingType: 1, data: digestOf(chain.ca.cert) };
    const sent = await handshake(chainServer, [ca]);
    const ok = check(sent, caRecord);
    assert.equal(ok.matches, true, ok.reason);
    assert.match(ok.reason, /^PKIX-TA \(0\): OpenSSL validates the chain against the given CA certificate through CN=Zonelint Test CA, whose SHA-256 digest of the public key \(SubjectPublicKeyInfo\) matches, and the server's certificate names mx1\.example\.com\.$/);

    const alone = await handshake(leafOnlyServer, [ca]);
    assert.equal(alone.chain.length, 1, 'the server sends only its own certificate');
    assert.equal(alone.pkix.path.length, 2, 'OpenSSL completes the path with the trust anchor');
    assert.equal(check(alone, caRecord).matches, true, check(alone, caRecord).reason);
    const daneTa = check(alone, { ...caRecord, usage: 2 });
    assert.equal(daneTa.matches, false);
    assert.match(daneTa.reason, /DANE-TA \(2\): no CA certificate the server sent has this .*The server sends only its own certificate: DANE-TA needs the CA certificate in the chain the server sends/);

    // A digest of the server's own certificate is no CA of the path; without the CA trusted there is no path.
    const leafAsTa = check(sent, { ...caRecord, data: digestOf(chain.server.cert) });
    assert.equal(leafAsTa.matches, false);
    assert.match(leafAsTa.reason, /no CA certificate in the path OpenSSL validated \(CN=Zonelint Test CA\) has this .*write 3 1 1/);
    const untrusted = check(await handshake(leafOnlyServer, []), caRecord);
    assert.equal(untrusted.matches, false);
    assert.match(untrusted.reason, /PKIX-TA \(0\): PKIX validation against no CA certificate \(none was given\) fails: OpenSSL reports UNABLE_TO_VERIFY_LEAF_SIGNATURE \(unable to verify the first certificate\)\. The server sends only its own certificate/);
  });

  test("OpenSSL's checks beyond signatures: a certificate only for client authentication, a name outside the CA's name constraints", async () => {
    const r = await handshake(clientOnlyServer, [certOf(clientOnly.ca.cert)]);
    const data = digestOf(clientOnly.server.cert);
    const pkix = check(r, { usage: 1, selector: 1, matchingType: 1, data });
    assert.equal(pkix.matches, false);
    assert.match(pkix.reason, /OpenSSL reports INVALID_PURPOSE \(unsuitable certificate purpose\)\. A certificate's key usage or extended key usage does not allow TLS server authentication/);
    // DANE-EE does not depend on PKIX.
    const dane = check(r, { usage: 3, selector: 1, matchingType: 1, data });
    assert.equal(dane.matches, true, dane.reason);

    const outside = await handshake(constrainedServer, [certOf(constrained.ca.cert)]);
    const ta = check(outside, { usage: 0, selector: 1, matchingType: 1, data: digestOf(constrained.ca.cert) });
    assert.equal(ta.matches, false);
    // Node has no code for this one: OpenSSL's words say it.
    assert.match(ta.reason, /PKIX-TA \(0\): PKIX validation against the given CA certificate fails: OpenSSL reports UNSPECIFIED \(permitted subtree violation\)\./);
  });

  test("the command validates against Node's CA certificates, so NODE_EXTRA_CA_CERTS makes the test CA trusted", async () => {
    const file = zone('submission.zone', [`_587._tcp.mx1 IN TLSA 1 1 1 ${digestOf(chain.server.cert)}`]);
    const args = ['tlsa', '--verify', 'mx1.example.com:587', '--connect', `127.0.0.1:${chainServer.port}`, '--zone', file];
    const trusted = await zonelintWithEnv(args, { NODE_EXTRA_CA_CERTS: chain.ca.cert });
    assert.equal(trusted.code, 0, trusted.stdout + trusted.stderr + log(chainServer));
    assert.match(trusted.stdout, /MATCHES: PKIX-EE \(1\): the server's certificate matches, OpenSSL validates its chain against the CA certificates Node trusts \(its bundled list and any in NODE_EXTRA_CA_CERTS\), and it names mx1\.example\.com\./);
    assert.match(trusted.stdout, /Result: 1 of 1 record matches and is usable/);
    const untrusted = await zonelintWithEnv(args, { NODE_EXTRA_CA_CERTS: undefined });
    assert.equal(untrusted.code, 1, untrusted.stdout + untrusted.stderr);
    assert.match(untrusted.stdout, /DOES NOT MATCH: PKIX-EE \(1\): .*OpenSSL reports SELF_SIGNED_CERT_IN_CHAIN/);
  });

  test('DANE-TA: the CA the server sends matches and the certificate names the host; another host name fails', async () => {
    const caDigest = shell(`${spkiDer(chain.ca.cert)} | sha256sum`);
    const file = zone('ta.zone', [`_25._tcp.mx1 IN TLSA 2 1 1 ${caDigest}`, `_25._tcp.mx2 IN TLSA 2 1 1 ${caDigest}`, `_25._tcp.mx2 IN TLSA 3 1 1 ${caDigest}`]);
    const ok = await verify(chainServer, file);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr + log(chainServer));
    assert.match(ok.stdout, /the server sent 2 certificates/);
    assert.match(ok.stdout, /MATCHES: DANE-TA \(2\): the server's certificate chains to CN=Zonelint Test CA, whose SHA-256 digest of the public key .* matches, and names mx1\.example\.com/);
    const other = await verify(chainServer, file, 'mx2.example.com');
    assert.equal(other.code, 1, other.stdout + other.stderr);
    assert.match(other.stdout, /DANE-TA \(2\): the CA matches, but the server's certificate names mx1\.example\.com, not mx2\.example\.com.*RFC 7672 §3\.2\.2/);
    assert.match(other.stdout, /DOES NOT MATCH: DANE-EE \(3\):.*The data is the SHA-256 digest of the public key \(SubjectPublicKeyInfo\) of the CA certificate 2 in the chain: write 2 1 1\./);
  });

  test('DANE-TA needs the CA in the chain: a server sending only its own certificate does not match', async () => {
    const selfDigest = shell(`${spkiDer(selfSigned.cert)} | sha256sum`);
    const file = zone('ta-leaf.zone', [`_25._tcp.mx1 IN TLSA 2 1 1 ${selfDigest}`]);
    const r = await verify(tlsServer, file);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /DANE-TA \(2\): no CA certificate the server sent has this .*write 3 1 1\./);
  });

  test('without --zone: the records the certificate needs, 3 1 1 and 2 1 1 for the issuer', async () => {
    const r = await verify(chainServer);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const serverDigest = shell(`${spkiDer(chain.server.cert)} | sha256sum`);
    const caDigest = shell(`${spkiDer(chain.ca.cert)} | sha256sum`);
    assert.match(r.stdout, new RegExp(`^  _25\\._tcp\\.mx1\\.example\\.com\\. IN TLSA 3 1 1 ${serverDigest}$`, 'm'));
    assert.match(r.stdout, new RegExp(`^  _25\\._tcp\\.mx1\\.example\\.com\\. IN TLSA 2 1 1 ${caDigest}$`, 'm'));
    const single = await verify(tlsServer);
    assert.equal(single.code, 0);
    assert.match(single.stdout, /self-signed: only 3 1 1 applies/);
  });

  test('no TLSA record at the owner: exit 1 with the records to publish', async () => {
    const file = zone('none.zone', [`_25._tcp.mx2 IN TLSA 3 1 1 ${leafDigest}`]);
    const r = await verify(tlsServer, file);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /No TLSA record at _25\._tcp\.mx1\.example\.com\. in .*none\.zone/);
  });

  test('a server without STARTTLS: exit 1 and the 4.7.321 senders will report', async () => {
    const file = zone('plain.zone', [`_25._tcp.mx1 IN TLSA 3 1 1 ${leafDigest}`]);
    const r = await verify(plainServer, file);
    assert.equal(r.code, 1, r.stdout + r.stderr + log(plainServer));
    assert.match(r.stdout, /does not offer STARTTLS: its EHLO reply lists PIPELINING/);
    assert.match(r.stdout, /4\.7\.321 starttls-not-supported/);
    assert.match(r.stdout, /smtpd_tls_security_level = may/);
    assert.match(r.stdout, /The zone has 1 TLSA record at _25\._tcp\.mx1\.example\.com\.; none can match without TLS/);
  });

  test('a closed port: connection refused, exit 2', async () => {
    const r = await verify(closedPort, zone('closed.zone', []));
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`Connection to 127\\.0\\.0\\.1:${closedPort} refused`));
  });

  test('a server that never greets: timed out after --timeout, exit 2', async () => {
    const started = Date.now();
    const r = await verify((silent.address() as { port: number }).port, undefined, 'mx1.example.com', ['--timeout', '300']);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /No answer from 127\.0\.0\.1:\d+ within 300 ms while waiting for the greeting/);
    assert.ok(Date.now() - started < 10_000);
  });

  test('usage errors of --verify', async () => {
    const bad = await zonelint(['tlsa', '--verify', 'mx1.example.com:99999']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--verify 'mx1\.example\.com:99999' is not HOST or HOST:PORT/);
    const usage = await zonelint(['tlsa', '--verify', 'mx1.example.com', '--usage', '3']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--usage goes with --cert/);
    const timeout = await zonelint(['tlsa', '--verify', 'mx1.example.com', '--timeout', '0']);
    assert.equal(timeout.code, 2);
    const zoneMissing = await zonelint(['tlsa', '--verify', 'mx1.example.com', '--connect', `127.0.0.1:${closedPort}`, '--zone', join(vdir, 'absent.zone')]);
    assert.equal(zoneMissing.code, 2);
    assert.match(zoneMissing.stderr, /cannot read the zone .*absent\.zone': no such file/);
  });
});

describe('record checks of the module (no server)', { skip: OPENSSL_SKIP }, () => {
  let mdir: string;
  let expired: ReturnType<typeof makeCaAndServerCertificate>;
  let other: { cert: string; key: string };
  before(() => {
    mdir = mkdtempSync(join(tmpdir(), 'zonelint-tlsa-unit-'));
    expired = makeCaAndServerCertificate(mdir, 'mx1.example.com');
    other = makeSelfSignedCertificate(mdir, 'other', 'Other CA');
  });
  after(() => rmSync(mdir, { recursive: true, force: true }));

  /** No PKIX validation took place: these checks are of DANE usages, which do not use it. */
  const noPkix: PkixVerification = { authorized: false, error: 'UNSPECIFIED', path: [], trusted: 'nothing' };
  const record = (usage: number, data: string): TlsaRecordInput => ({ owner: '_25._tcp.mx1.example.com.', where: 'z:1', usage, selector: 1, matchingType: 1, data });

  test('DANE-TA checks the expiry below the trust anchor, DANE-EE does not', () => {
    const leaf = new X509Certificate(readFileSync(expired.server.cert));
    const ca = new X509Certificate(readFileSync(expired.ca.cert));
    const later: CheckContext = { host: 'mx1.example.com', port: 25, now: new Date(Date.now() + 90 * 86400_000), pkix: noPkix };
    const caDigest = shell(`${spkiDer(expired.ca.cert)} | sha256sum`);
    const leafDigest = shell(`${spkiDer(expired.server.cert)} | sha256sum`);
    const ta = checkTlsaRecord(record(2, caDigest), [leaf, ca], later);
    assert.equal(ta.matches, false);
    assert.match(ta.reason, /the server's certificate expired on \d{4}-\d\d-\d\d \(senders report 4\.7\.322 certificate-expired\)/);
    const ee = checkTlsaRecord(record(3, leafDigest), [leaf, ca], later);
    assert.equal(ee.matches, true);
    assert.equal(ee.usable, true);
    assert.match(ee.reason, /expired on .*which DANE-EE ignores/);
  });

  test('DANE-TA finds the path in the certificates the server sent in any order, and says when there is none', () => {
    const leaf = new X509Certificate(readFileSync(expired.server.cert));
    const ca = new X509Certificate(readFileSync(expired.ca.cert));
    const stranger = new X509Certificate(readFileSync(other.cert));
    const now: CheckContext = { host: 'mx1.example.com', port: 25, now: new Date(), pkix: noPkix };
    const caDigest = shell(`${spkiDer(expired.ca.cert)} | sha256sum`);
    const shuffled = checkTlsaRecord(record(2, caDigest), [leaf, stranger, ca], now);
    assert.equal(shuffled.matches, true, shuffled.reason);
    const unrelated = checkTlsaRecord(record(2, shell(`${spkiDer(other.cert)} | sha256sum`)), [leaf, stranger], now);
    assert.equal(unrelated.matches, false);
    assert.match(unrelated.reason, /DANE-TA \(2\): CN=Other CA matches, but the server's certificate is not issued and signed by it or by another certificate the server sent/);
  });
});
