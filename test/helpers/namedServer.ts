// A real authoritative DNS server for tests: BIND's named on 127.0.0.1 at a free port, serving
// the zones given, logging every query it receives, stopped by the process id it was started as.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { promises as dnsPromises } from 'node:dns';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NamedServer {
  port: number;
  /** The query log as named wrote it so far, one line per query received. */
  queryLog(): string;
  /** The queries received so far, as `name TYPE` with the name in lower case and no final dot. */
  queries(): string[];
  /** named's own log (zone loading, failures), for messages when a test goes wrong. */
  serverLog(): string;
  stop(): Promise<void>;
}

function which(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin'])) {
    const p = join(dir, program);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

const NAMED = which('named');

/** Why tests that need named cannot run here, or false when they can. */
export const NAMED_SKIP: string | false = (() => {
  if (!NAMED) return 'BIND named is not installed (Debian package bind9; scripts/setup-system.sh installs it)';
  const r = spawnSync(NAMED, ['-v'], { encoding: 'utf8' });
  if (r.status !== 0) return `named does not run here: ${r.error?.message ?? r.stderr}`;
  return false;
})();

/** Processes started here and not stopped yet, ended when the test process exits. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) if (child.pid !== undefined && child.exitCode === null) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

/** A port free on 127.0.0.1 for both TCP and UDP at the moment of asking. */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const p = (server.address() as { port: number }).port;
        server.close(() => resolve(p));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const s = createSocket('udp4');
      s.once('error', () => resolve(false));
      s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free port on 127.0.0.1 for both TCP and UDP');
}

function namedConf(dir: string, port: number, zones: string[]): string {
  const zoneBlocks = zones.map((z, i) => `zone "${z}" { type primary; file "${join(dir, `zone${i}.db`)}"; };`).join('\n');
  return `options {
  directory "${dir}";
  listen-on port ${port} { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  querylog yes;
  dnssec-validation no;
  pid-file "${join(dir, 'named.pid')}";
  session-keyfile "${join(dir, 'session.key')}";
  managed-keys-directory "${dir}";
};
controls { };
logging {
  channel queries_file { file "${join(dir, 'query.log')}"; };
  category queries { queries_file; };
  channel main_file { file "${join(dir, 'named.log')}"; severity info; };
  category default { main_file; };
};
${zoneBlocks}
`;
}

/** The first label of the name asked while waiting for named; its queries are left out of the log. */
const READY_LABEL = 'zonelint-startup-probe';

/** Resolves once named answers for `zone` (any answer, even SERVFAIL, means it is up). */
async function waitUntilAnswering(port: number, zone: string, child: ChildProcess, deadlineMs: number, logs: () => string): Promise<void> {
  const resolver = new dnsPromises.Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  const until = Date.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`named exited (${child.exitCode ?? child.signalCode}) before answering:\n${logs()}`);
    }
    try {
      await resolver.resolveTxt(`${READY_LABEL}.${zone}`);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // Any DNS answer means the server is up; only silence and refused connections mean it is not.
      if (code !== 'ETIMEOUT' && code !== 'ECONNREFUSED') return;
    }
    if (Date.now() > until) throw new Error(`named did not answer on 127.0.0.1:${port} within ${deadlineMs} ms:\n${logs()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Starts named serving `zones` (zone name to zone file text) on 127.0.0.1 at a free port. A zone
 * whose text does not load is still configured: named then answers SERVFAIL for it. Tests call
 * this only when NAMED_SKIP is false.
 */
export async function startNamed(zones: Record<string, string>): Promise<NamedServer> {
  if (NAMED_SKIP || !NAMED) throw new Error(`startNamed: ${NAMED_SKIP}`);
  const names = Object.keys(zones);
  if (names.length === 0) throw new Error('startNamed needs at least one zone');
  let lastError: unknown;
  // The free port may be taken between asking and binding: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'zonelint-named-'));
    names.forEach((z, i) => writeFileSync(join(dir, `zone${i}.db`), zones[z]));
    const port = await freePort();
    const conf = join(dir, 'named.conf');
    writeFileSync(conf, namedConf(dir, port, names));
    const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '');
    let stderr = '';
    // -u root only as root: named drops to that user after binding; anyone else cannot change user.
    const userArgs = process.getuid?.() === 0 ? ['-u', 'root'] : [];
    const child = spawn(NAMED, ['-c', conf, '-p', String(port), ...userArgs, '-f'], { stdio: ['ignore', 'ignore', 'pipe'] });
    running.add(child);
    child.stderr?.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.once('exit', () => running.delete(child));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        process.kill(child.pid, 'SIGTERM');
        const killer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      await waitUntilAnswering(port, names[0], child, 10_000, () => `${stderr}${read('named.log')}`);
    } catch (e) {
      lastError = e;
      await stop();
      continue;
    }
    const queryLog = () =>
      read('query.log')
        .split('\n')
        .filter((l) => !l.includes(`query: ${READY_LABEL}.`))
        .join('\n');
    return {
      port,
      queryLog,
      queries: () =>
        queryLog()
          .split('\n')
          .map((l) => / query: (\S+) IN (\S+) /.exec(l))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => `${m[1].toLowerCase().replace(/\.$/, '')} ${m[2]}`),
      serverLog: () => read('named.log'),
      stop,
    };
  }
  throw lastError;
}

/** A UDP socket on 127.0.0.1 that reads queries and never answers: a DNS server that times out. */
export async function silentUdp(): Promise<{ socket: Socket; port: number; received: () => number }> {
  const socket = createSocket('udp4');
  let count = 0;
  socket.on('message', () => count++);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { socket, port: socket.address().port, received: () => count };
}
