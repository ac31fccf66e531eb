// A real mail server for tests: Postfix on 127.0.0.1 at a free port with a configuration
// directory of its own, offering STARTTLS with a certificate made by openssl (or not offering it),
// stopped through its own configuration and, failing that, by the process id of its master.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function which(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/bin'])) {
    const p = join(dir, program);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

const POSTFIX = which('postfix');
const POSTCONF = which('postconf');
export const OPENSSL = which('openssl');

/** Why tests that need openssl cannot run here, or false when they can. */
export const OPENSSL_SKIP: string | false = OPENSSL ? false : 'openssl is not installed (Debian package openssl; scripts/setup-system.sh installs it)';

/** Why tests that need Postfix cannot run here, or false when they can. */
export const POSTFIX_SKIP: string | false = (() => {
  if (OPENSSL_SKIP) return OPENSSL_SKIP;
  if (!POSTFIX || !POSTCONF) return 'Postfix is not installed (Debian package postfix; scripts/setup-system.sh installs it)';
  if (!existsSync('/etc/postfix/main.cf') || !existsSync('/etc/postfix/master.cf')) return 'Postfix is installed without /etc/postfix/main.cf and master.cf, which the test configuration starts from';
  if (process.getuid?.() !== 0) return "Postfix's master daemon must be started as root; run the tests as root";
  const r = spawnSync(POSTCONF, ['-d', 'mail_version'], { encoding: 'utf8' });
  if (r.status !== 0) return `postconf does not run here: ${r.error?.message ?? r.stderr}`;
  return false;
})();

/** Runs openssl with arguments; throws with its output when it fails. */
export function openssl(args: string[], options: { cwd?: string; input?: string | Buffer } = {}): Buffer {
  if (!OPENSSL) throw new Error(`openssl: ${OPENSSL_SKIP}`);
  const r = spawnSync(OPENSSL, args, { cwd: options.cwd, input: options.input, maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed (${r.status ?? r.error?.message}): ${String(r.stderr)}`);
  return r.stdout;
}

export interface CertificateFiles {
  cert: string;
  key: string;
}

/** A self-signed certificate and its key, made by openssl in `dir`. */
export function makeSelfSignedCertificate(dir: string, name: string, cn: string, options: { key?: 'rsa' | 'ec' | 'ed25519'; san?: string[] } = {}): CertificateFiles {
  const cert = join(dir, `${name}.crt.pem`);
  const key = join(dir, `${name}.key.pem`);
  const san = options.san?.length ? ['-addext', `subjectAltName=${options.san.map((s) => `DNS:${s}`).join(',')}`] : [];
  const keyArgs = { rsa: ['-newkey', 'rsa:2048'], ec: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'], ed25519: ['-newkey', 'ed25519'] }[options.key ?? 'rsa'];
  openssl(['req', '-x509', ...keyArgs, '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', `/CN=${cn}`, ...san]);
  return { cert, key };
}

/**
 * A CA (self-signed, CA:TRUE) and a server certificate it issued, made by openssl in `dir`.
 * `extendedKeyUsage` (openssl's words, e.g. 'clientAuth') restricts what the server certificate is
 * for; `nameConstraints` (e.g. 'critical,permitted;DNS:.example.org') the names the CA may certify.
 */
export function makeCaAndServerCertificate(
  dir: string,
  serverName: string,
  options: { days?: number; extendedKeyUsage?: string; nameConstraints?: string } = {},
): { ca: CertificateFiles; server: CertificateFiles; chain: string } {
  const ca = { cert: join(dir, 'ca.crt.pem'), key: join(dir, 'ca.key.pem') };
  const constraints = options.nameConstraints ? ['-addext', `nameConstraints=${options.nameConstraints}`] : [];
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', ca.key, '-out', ca.cert, '-days', '30', '-subj', '/CN=Zonelint Test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', ...constraints]);
  const server = { cert: join(dir, 'server.crt.pem'), key: join(dir, 'server.key.pem') };
  const csr = join(dir, 'server.csr');
  openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', server.key, '-out', csr, '-subj', `/CN=${serverName}`]);
  const ext = join(dir, 'server.ext');
  writeFileSync(ext, `basicConstraints=CA:FALSE\nsubjectAltName=DNS:${serverName}\n${options.extendedKeyUsage ? `extendedKeyUsage=${options.extendedKeyUsage}\n` : ''}`);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-out', server.cert, '-days', String(options.days ?? 30), '-extfile', ext]);
  const chain = join(dir, 'server.chain.pem');
  writeFileSync(chain, readFileSync(server.cert, 'utf8') + readFileSync(ca.cert, 'utf8'));
  return { ca, server, chain };
}

export interface PostfixServer {
  port: number;
  dir: string;
  /** Postfix's log so far (its output and maillog_file), for messages when a test goes wrong. */
  log(): string;
  stop(): Promise<void>;
}

export interface PostfixOptions {
  /** Offer STARTTLS (smtpd_tls_security_level=may) with this certificate (the file may hold a chain after the server's certificate) and key; without it no STARTTLS. */
  tls?: CertificateFiles;
  myhostname?: string;
}

/** Master processes started here and not stopped yet, ended when the test process exits. */
const masters = new Map<string, () => number | undefined>();
process.on('exit', () => {
  for (const pidOf of masters.values()) {
    const pid = pidOf();
    if (pid === undefined) continue;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
});

/** Whether `pid` is the master of the configuration `conf`, and not a process that took over its id. */
function isMasterOf(pid: number, conf: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`MAIL_CONFIG=${conf}`);
  } catch {
    return false;
  }
}

/** Ends the master `pid` of `conf` if it still runs: SIGTERM, and SIGKILL after 3 s. */
async function endMaster(pid: number, conf: string): Promise<void> {
  if (!isMasterOf(pid, conf)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const end = Date.now() + 3000;
  while (Date.now() < end && isMasterOf(pid, conf)) await new Promise((r) => setTimeout(r, 50));
  if (!isMasterOf(pid, conf)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

async function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const p = (server.address() as { port: number }).port;
      server.close(() => resolve(p));
    });
  });
}

/** Resolves when something on 127.0.0.1:port sends an SMTP 220 greeting. */
function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('data', (d) => {
      data += String(d);
      if (data.includes('\n')) {
        socket.write('QUIT\r\n');
        done(data.startsWith('220'));
      }
    });
  });
}

/**
 * Starts Postfix listening on 127.0.0.1 at a free port. Tests call this only when POSTFIX_SKIP is
 * false.
 */
export async function startPostfix(options: PostfixOptions = {}): Promise<PostfixServer> {
  if (POSTFIX_SKIP || !POSTFIX || !POSTCONF) throw new Error(`startPostfix: ${POSTFIX_SKIP}`);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'zonelint-postfix-'));
    chmodSync(dir, 0o755);
    const conf = join(dir, 'conf');
    mkdirSync(conf);
    copyFileSync('/etc/postfix/main.cf', join(conf, 'main.cf'));
    copyFileSync('/etc/postfix/master.cf', join(conf, 'master.cf'));
    mkdirSync(join(dir, 'spool'));
    mkdirSync(join(dir, 'data'));
    const port = await freePort();
    const settings = [
      `config_directory=${conf}`,
      `queue_directory=${join(dir, 'spool')}`,
      `data_directory=${join(dir, 'data')}`,
      'inet_interfaces=127.0.0.1',
      'inet_protocols=ipv4',
      `myhostname=${options.myhostname ?? 'mx1.example.com'}`,
      'mydestination=',
      // A file, not /dev/stdout: the test's pipes are sockets, which /dev/stdout cannot reopen.
      // maillog_file must start with one of maillog_file_prefixes (by default /var and /dev/stdout).
      `maillog_file_prefixes=${dir}`,
      `maillog_file=${join(dir, 'maillog')}`,
      ...(options.tls
        ? [`smtpd_tls_cert_file=${options.tls.cert}`, `smtpd_tls_key_file=${options.tls.key}`, 'smtpd_tls_security_level=may']
        : ['smtpd_tls_cert_file=', 'smtpd_tls_key_file=', 'smtpd_tls_security_level=none']),
    ];
    const pc = spawnSync(POSTCONF, ['-c', conf, '-e', ...settings], { encoding: 'utf8' });
    if (pc.status !== 0) throw new Error(`postconf failed: ${pc.stderr}`);
    const masterCf = readFileSync(join(conf, 'master.cf'), 'utf8');
    const listening = masterCf.replace(/^smtp(\s+inet\s)/m, `${port}$1`);
    if (listening === masterCf) throw new Error("master.cf has no 'smtp inet' line to move to the test port");
    writeFileSync(join(conf, 'master.cf'), listening);
    spawnSync('chown', ['-R', 'postfix', join(dir, 'data')]);

    let output = '';
    const child: ChildProcess = spawn(POSTFIX, ['-c', conf, 'start-fg'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d) => (output += String(d)));
    child.stderr?.on('data', (d) => (output += String(d)));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // start-fg runs master as a child of the postfix-script shell; master's pid file names it.
    const pidFile = join(dir, 'spool', 'pid', 'master.pid');
    const masterPid = () => {
      try {
        const pid = Number(readFileSync(pidFile, 'utf8').trim());
        return pid > 0 ? pid : undefined;
      } catch {
        return undefined;
      }
    };
    masters.set(dir, masterPid);
    const stop = async () => {
      const pid = masterPid();
      if (child.exitCode === null && child.signalCode === null) {
        spawnSync(POSTFIX, ['-c', conf, 'stop'], { encoding: 'utf8' });
        const killer = setTimeout(() => {
          if (pid !== undefined) {
            try {
              process.kill(pid, 'SIGKILL');
            } catch {
              // Already gone.
            }
          }
          if (child.pid !== undefined && child.exitCode === null) child.kill('SIGKILL');
        }, 5000);
        await exited;
        clearTimeout(killer);
      }
      // The master can outlive the start-fg shell, for instance when that shell ended early. It
      // then holds the shell's output pipes open, which keeps the test process from ever exiting:
      // end it by its id, and let go of the pipes.
      const left = masterPid() ?? pid;
      if (left !== undefined) await endMaster(left, conf);
      child.stdout?.destroy();
      child.stderr?.destroy();
      masters.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    };
    const until = Date.now() + 15_000;
    let up = false;
    while (Date.now() < until) {
      if (child.exitCode !== null) break;
      if (await greets(port)) {
        up = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const log = () => output + (existsSync(join(dir, 'maillog')) ? readFileSync(join(dir, 'maillog'), 'utf8') : '');
    if (up) return { port, dir, log, stop };
    lastError = new Error(`Postfix did not greet on 127.0.0.1:${port} within 15 s (exit ${child.exitCode}):\n${log()}`);
    await stop();
  }
  throw lastError;
}
