// zonelint's live checks from the command line, against a real named on 127.0.0.1 that serves
// the external zone the linted file points at (test/fixtures/live). named's query log shows what
// the command asked, and that --offline asks nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { HAS_LIVE_RULES } from '../../server/src/service/lint';
import { ALL_RULES } from '../../server/src/service/rules/index';
import { createDnsResolver } from '../../server/src/node/dnsResolver';
import { NAMED_SKIP, silentUdp, startNamed, type NamedServer } from '../helpers/namedServer';
import { BIN, REPO, zonelint } from './runZonelint';

const LIVE = join(__dirname, '..', 'fixtures', 'live');
const ZONE = relative(REPO, join(LIVE, 'example.com.zone'));
/** Its DMARC reports go to a destination that has not authorised them. */
const UNAUTHORISED = relative(REPO, join(LIVE, 'example.org.zone'));
const zoneText = (name: string) => readFileSync(join(LIVE, `${name}.zone`), 'utf8');

// Until a rule has a live check, a live run has nothing to ask: the assertions about what it asks
// are skipped then, with the reason. Each kind of external lookup waits for its own rules.
const NO_LIVE_RULES = HAS_LIVE_RULES ? false : 'no rule has a live check yet (HAS_LIVE_RULES is false), so a live run asks nothing';
function noLiveCheck(idPrefix: string, what: string): string | false {
  if (NO_LIVE_RULES) return NO_LIVE_RULES;
  return ALL_RULES.some((r) => r.id.startsWith(idPrefix) && r.checkLive !== undefined) ? false : `no ${what} rule (${idPrefix}*) has a live check yet`;
}
const NO_SPF = noLiveCheck('spf-', 'SPF');
const NO_DMARC = noLiveCheck('dmarc-', 'DMARC');
const NO_DKIM = noLiveCheck('dkim-', 'DKIM');
if (NAMED_SKIP) console.log(`# SKIP zonelint live CLI tests: ${NAMED_SKIP}`);
else for (const reason of new Set([NO_LIVE_RULES, NO_SPF, NO_DMARC, NO_DKIM].filter(Boolean))) console.log(`# SKIP some live CLI assertions: ${reason}`);

describe('zonelint with DNS', { skip: NAMED_SKIP }, () => {
  let named: NamedServer;
  let server: string;

  before(async () => {
    assert.ok(existsSync(BIN), 'bin/zonelint.js is missing; run npm run build first');
    named = await startNamed({ 'ext.test': zoneText('ext.test'), 'other.test': zoneText('other.test') });
    server = `127.0.0.1:${named.port}`;
  });
  after(async () => {
    await named?.stop();
  });

  /** Runs zonelint and returns its result with the queries named received meanwhile. */
  async function withQueries(args: string[]) {
    const before = named.queries().length;
    const result = await zonelint(args);
    return { ...result, queries: named.queries().slice(before) };
  }

  test('--offline sends no query at all (and the query log does record queries)', async () => {
    const offline = await withQueries(['--offline', ZONE]);
    assert.equal(offline.code, 0, offline.stderr);
    assert.equal(offline.stderr, '');
    assert.deepEqual(offline.queries, []);
    // The log is not blind: a query sent now shows up in it.
    const answer = await createDnsResolver({ servers: [server], timeoutMs: 5000 }).txt('_spf.ok.ext.test');
    assert.equal(answer.status, 'ok');
    assert.ok(named.queries().includes('_spf.ok.ext.test TXT'), named.queryLog());
  });

  test('--offline with --canonical asks nothing either', async () => {
    const r = await withQueries(['--offline', '--canonical', ZONE]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.includes('example.com. 3600 IN TXT "v=spf1 mx include:_spf.ok.ext.test -all"'), r.stdout);
    assert.deepEqual(r.queries, []);
  });

  describe('a live run asks the given server about what lies outside the zone', () => {
    let live: Awaited<ReturnType<typeof withQueries>>;
    before(async () => {
      if (NO_LIVE_RULES) return;
      live = await withQueries(['--dns-server', server, ZONE]);
    });

    test('it runs, and every lookup got an answer', { skip: NO_LIVE_RULES }, () => {
      assert.equal(live.stderr, '');
      assert.ok(live.code === 0 || live.code === 1, `exit ${live.code}`);
      assert.ok(live.queries.length > 0, 'no query reached the server');
      assert.ok(!/dns-lookup-failed/.test(live.stdout), live.stdout);
    });

    test('the external SPF include', { skip: NO_SPF }, () => {
      assert.ok(live.queries.includes('_spf.ok.ext.test TXT'), `queries: ${live.queries.join(', ')}`);
    });

    test('the DMARC report authorisation of the external destination', { skip: NO_DMARC }, () => {
      assert.ok(live.queries.includes('example.com._report._dmarc.reports.ext.test TXT'), `queries: ${live.queries.join(', ')}`);
      assert.ok(!live.stdout.includes('dmarc-report-authorization'), live.stdout);
    });

    test('the DKIM key behind the CNAME', { skip: NO_DKIM }, () => {
      assert.ok(live.queries.includes('selector1-example-com._domainkey.tenant.ext.test TXT'), `queries: ${live.queries.join(', ')}`);
    });
  });

  test('what DNS says reaches the output: a destination without authorisation is reported', { skip: NO_DMARC }, async () => {
    const r = await withQueries(['--dns-server', server, UNAUTHORISED]);
    assert.equal(r.stderr, '');
    assert.ok(r.queries.includes('example.org._report._dmarc.noauth.ext.test TXT'), `queries: ${r.queries.join(', ')}`);
    assert.match(r.stdout, /warning dmarc-report-authorization .*noauth\.ext\.test/);
    const offline = await zonelint(['--offline', UNAUTHORISED]);
    assert.ok(!offline.stdout.includes('dmarc-report-authorization'), offline.stdout);
  });

  test('files of one run share the cache: nothing is asked twice for two files', { skip: NO_LIVE_RULES }, async () => {
    const r = await withQueries(['--dns-server', server, ZONE, ZONE]);
    assert.equal(r.stderr, '');
    assert.ok(r.queries.length > 0, 'no query reached the server');
    assert.deepEqual(r.queries.slice().sort(), [...new Set(r.queries)].sort());
  });

  test('--dns-max-queries 0: no query leaves, and the lookups are reported as failed, not as faults', { skip: NO_LIVE_RULES }, async () => {
    const r = await withQueries(['--dns-server', server, '--dns-max-queries', '0', '--format', 'json', ZONE]);
    assert.equal(r.stderr, '');
    assert.deepEqual(r.queries, []);
    const report = JSON.parse(r.stdout) as { diagnostics: { code: string; severity: string; message: string }[] }[];
    const failed = report.flatMap((f) => f.diagnostics).filter((d) => d.code === 'dns-lookup-failed');
    assert.ok(failed.length > 0, r.stdout);
    for (const d of failed) {
      assert.equal(d.severity, 'information');
      assert.match(d.message, /query limit of 0 reached/);
    }
  });

  test('--dns-timeout: a server that never answers fails the lookups after that time', { skip: NO_LIVE_RULES }, async () => {
    const silent = await silentUdp();
    try {
      const started = Date.now();
      const r = await zonelint(['--dns-server', `127.0.0.1:${silent.port}`, '--dns-timeout', '300', ZONE]);
      const took = Date.now() - started;
      assert.equal(r.stderr, '');
      assert.match(r.stdout, /dns-lookup-failed .*timed out after 0\.3 s/);
      assert.ok(silent.received() > 0);
      assert.ok(took < 20_000, `took ${took} ms`);
    } finally {
      silent.socket.close();
    }
  });
});

describe('DNS options', () => {
  const runs = {
    badTimeout: ['--dns-timeout', 'soon', ZONE],
    zeroTimeout: ['--dns-timeout', '0', ZONE],
    badMaxQueries: ['--dns-max-queries', '-1', ZONE],
    fractionMaxQueries: ['--dns-max-queries', '2.5', ZONE],
    hostName: ['--dns-server', 'dns.example', ZONE],
    badInList: ['--dns-server', '127.0.0.1,not-an-address', ZONE],
    emptyList: ['--dns-server', ',', ZONE],
    offlineAndServer: ['--offline', '--dns-server', '127.0.0.1', ZONE],
  };

  test('--help names the DNS options and their defaults', async () => {
    const r = await zonelint(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--dns-timeout MS[\s\S]*default 2000/);
    assert.match(r.stdout, /--dns-max-queries N[\s\S]*default 100/);
    assert.match(r.stdout, /--dns-server ADDRESS\[:PORT\][\s\S]*comma-separated/);
  });

  for (const [name, args] of Object.entries(runs)) {
    test(`usage error (exit 2), ${name}: ${args.slice(0, -1).join(' ')}`, async () => {
      const r = await zonelint(args);
      assert.equal(r.code, 2, `exit ${r.code}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /^zonelint: /);
      assert.equal(r.stdout, '');
    });
  }

  // --canonical lints nothing, so it makes no query wherever the servers point.
  test('valid DNS options are accepted: repeated and comma-separated servers, a timeout, a budget', async () => {
    const r = await zonelint(['--canonical', '--dns-server', '127.0.0.1:1,[::1]:1', '--dns-server', '192.0.2.1', '--dns-timeout', '100', '--dns-max-queries', '0', ZONE]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
  });
});
