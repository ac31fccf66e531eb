// The node DNS layer of the live checks (server/src/node/dnsResolver.ts) against a real named on
// 127.0.0.1: answers and their statuses, the TTL cache (proved with named's query log), the
// per-document query budget, timeouts and server failures.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDnsResolver, DnsCache, formatDnsServer, parseDnsServer, splitDnsServers } from '../../server/src/node/dnsResolver';
import { NAMED_SKIP, silentUdp, startNamed, type NamedServer } from '../helpers/namedServer';

const LIVE = join(__dirname, '..', 'fixtures', 'live');
const zone = (name: string) => readFileSync(join(LIVE, `${name}.zone`), 'utf8');

if (NAMED_SKIP) console.log(`# SKIP DNS resolver tests against named: ${NAMED_SKIP}`);

describe('server addresses', () => {
  test('ADDRESS, ADDRESS:PORT, bare IPv6 and [IPv6]:PORT; names and bad ports are refused', () => {
    assert.deepEqual(parseDnsServer('192.0.2.1'), { address: '192.0.2.1', port: 53 });
    assert.deepEqual(parseDnsServer('127.0.0.1:5353'), { address: '127.0.0.1', port: 5353 });
    assert.deepEqual(parseDnsServer('::1'), { address: '::1', port: 53 });
    assert.deepEqual(parseDnsServer('2001:db8::53'), { address: '2001:db8::53', port: 53 });
    assert.deepEqual(parseDnsServer('[2001:db8::53]:8053'), { address: '2001:db8::53', port: 8053 });
    for (const bad of ['', 'dns.example', 'dns.example:53', '127.0.0.1:0', '127.0.0.1:65536', '[192.0.2.1]:53', '1.2.3:53', '[::1]:x', 'a b:c']) {
      assert.equal(parseDnsServer(bad), undefined, bad);
    }
    assert.equal(formatDnsServer({ address: '::1', port: 53 }), '[::1]:53');
    assert.equal(formatDnsServer({ address: '127.0.0.1', port: 5353 }), '127.0.0.1:5353');
    assert.deepEqual(splitDnsServers(['127.0.0.1:53, [::1]:53', '192.0.2.1', ' ']), ['127.0.0.1:53', '[::1]:53', '192.0.2.1']);
  });
});

describe('against named', { skip: NAMED_SKIP }, () => {
  let named: NamedServer;
  let server: string;
  /** How often named was asked `type` at `name` so far. */
  const asked = (name: string, type: string) => named.queries().filter((q) => q === `${name} ${type}`).length;
  const resolver = (options: Parameters<typeof createDnsResolver>[0] = {}) => createDnsResolver({ servers: [server], timeoutMs: 5000, ...options });

  before(async () => {
    named = await startNamed({ 'ext.test': zone('ext.test'), 'other.test': zone('other.test'), 'broken.test': zone('broken.test') });
    server = `127.0.0.1:${named.port}`;
  });
  after(async () => {
    await named?.stop();
  });

  describe('answers', () => {
    test('TXT: the strings of one record joined with nothing between them; one entry per record', async () => {
      const r = resolver();
      assert.deepEqual(await r.txt('multi.ext.test'), { status: 'ok', records: ['v=spf1 ip4:192.0.2.0/24 -all'] });
      const two = await r.txt('two-records.ext.test.');
      assert.equal(two.status, 'ok');
      assert.deepEqual(two.records.slice().sort(), ['first', 'second']);
      const dkim = await r.txt('selector1-example-com._domainkey.tenant.ext.test');
      assert.equal(dkim.status, 'ok');
      assert.match(dkim.records[0], /^v=DKIM1; k=rsa; p=MIIBIjAN[A-Za-z0-9+/]+IDAQAB$/);
    });

    test('NXDOMAIN and NODATA are told apart, neither is an error', async () => {
      const r = resolver();
      assert.deepEqual(await r.txt('absent.ext.test'), { status: 'nxdomain', records: [] });
      assert.deepEqual(await r.txt('hostonly.ext.test'), { status: 'nodata', records: [] });
      // The DMARC report authorisation: present for one destination, missing for the other.
      assert.deepEqual(await r.txt('example.com._report._dmarc.reports.ext.test'), { status: 'ok', records: ['v=DMARC1'] });
      assert.equal((await r.txt('example.com._report._dmarc.noauth.ext.test')).status, 'nxdomain');
      assert.deepEqual(await r.txt('example.com._report._dmarc.wildcard.ext.test'), { status: 'ok', records: ['v=DMARC1'] });
    });

    test('MX: preference and exchange without the final dot', async () => {
      const mx = await resolver().mx('EXT.test');
      assert.equal(mx.status, 'ok');
      assert.deepEqual(
        mx.records.slice().sort((a, b) => a.preference - b.preference),
        [
          { preference: 10, exchange: 'mx1.ext.test' },
          { preference: 20, exchange: 'mx2.ext.test' },
        ],
      );
      assert.equal((await resolver().mx('mx1.ext.test')).status, 'nodata');
    });

    test('addresses: A and AAAA together; NODATA when the name has neither', async () => {
      const r = resolver();
      const both = await r.addresses('mx1.ext.test');
      assert.equal(both.status, 'ok');
      assert.deepEqual(both.records.slice().sort(), ['192.0.2.25', '2001:db8::25']);
      assert.deepEqual(await r.addresses('v4only.ext.test'), { status: 'ok', records: ['192.0.2.4'] });
      assert.deepEqual(await r.addresses('v6only.ext.test'), { status: 'ok', records: ['2001:db8::6'] });
      assert.deepEqual(await r.addresses('nospf.ext.test'), { status: 'nodata', records: [] });
      assert.deepEqual(await r.addresses('gone1.ext.test'), { status: 'nxdomain', records: [] });
    });

    test('CNAME: the target; lookups follow CNAMEs, also into a zone named did not follow them to', async () => {
      const r = resolver();
      assert.deepEqual(await r.cname('alias.ext.test'), { status: 'ok', records: ['target.ext.test'] });
      assert.deepEqual(await r.cname('target.ext.test'), { status: 'nodata', records: [] });
      assert.deepEqual(await r.txt('alias.ext.test'), { status: 'ok', records: ['via-cname'] });
      assert.deepEqual(await r.addresses('alias.ext.test'), { status: 'ok', records: ['192.0.2.80'] });
      // named answers only the CNAME for outside.ext.test; the resolver asks for www.other.test itself.
      assert.deepEqual(await r.txt('outside.ext.test'), { status: 'ok', records: ['reached through a CNAME in another zone'] });
      assert.equal(asked('www.other.test', 'TXT'), 1);
      // A loop inside one zone: named itself answers SERVFAIL.
      assert.deepEqual(await r.txt('loop1.ext.test'), { status: 'error', records: [], error: 'server failure (SERVFAIL)' });
      // A loop across two zones: named answers one CNAME at a time; the resolver sees the loop.
      const loop = await r.txt('xloop.ext.test');
      assert.equal(loop.status, 'error');
      assert.match(loop.error ?? '', /CNAME loop/);
      assert.equal(asked('xloop.ext.test', 'TXT'), 1);
      assert.equal(asked('xloop.other.test', 'TXT'), 1);
    });

    test('an answer too big for UDP is asked again over TCP', async () => {
      const big = await resolver().txt('big.ext.test');
      assert.equal(big.status, 'ok', big.error);
      assert.equal(big.records.length, 1);
      assert.equal(big.records[0], ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => c.repeat(255)).join(''));
      const lines = named.queryLog().split('\n').filter((l) => l.includes('query: big.ext.test IN TXT'));
      assert.equal(lines.length, 2, lines.join('\n'));
      // named flags queries that came over TCP with T.
      assert.ok(lines.some((l) => / \+\S*T/.test(l)), lines.join('\n'));
    });

    test('a name that cannot be sent is an error without a query, never an exception', async () => {
      const r = resolver();
      for (const name of ['a..ext.test', `${'x'.repeat(64)}.ext.test`, '', 'two words.ext.test']) {
        const a = await r.txt(name);
        assert.equal(a.status, 'error', name);
        assert.match(a.error ?? '', /not a domain name/);
      }
      assert.equal(named.queries().filter((q) => q.includes('..') || q.includes('xxxxxxxx')).length, 0);
    });
  });

  describe('cache', () => {
    test('a second lookup of the same name is answered from the cache, also for another document', async () => {
      const cache = new DnsCache();
      const first = resolver({ cache });
      assert.equal((await first.txt('_spf.ok.ext.test')).status, 'ok');
      assert.equal((await first.txt('_spf.ok.ext.test')).status, 'ok');
      const second = resolver({ cache });
      assert.deepEqual(await second.txt('_spf.ok.ext.test'), await first.txt('_spf.ok.ext.test'));
      assert.equal(asked('_spf.ok.ext.test', 'TXT'), 1);
      // Another type at that name is another question.
      await second.mx('_spf.ok.ext.test');
      assert.equal(asked('_spf.ok.ext.test', 'MX'), 1);
      // A resolver with a cache of its own asks again.
      await resolver().txt('_spf.ok.ext.test');
      assert.equal(asked('_spf.ok.ext.test', 'TXT'), 2);
    });

    test('negative answers are cached too', async () => {
      const cache = new DnsCache();
      for (let i = 0; i < 3; i++) {
        assert.equal((await resolver({ cache }).txt('gone2.ext.test')).status, 'nxdomain');
        assert.equal((await resolver({ cache }).txt('mx2.ext.test')).status, 'nodata');
      }
      assert.equal(asked('gone2.ext.test', 'TXT'), 1);
      assert.equal(asked('mx2.ext.test', 'TXT'), 1);
    });

    test('identical lookups at the same time share one query', async () => {
      const cache = new DnsCache();
      const answers = await Promise.all([...Array(5)].map(() => resolver({ cache }).txt('_a.ok.ext.test')));
      for (const a of answers) assert.deepEqual(a, { status: 'ok', records: ['v=spf1 a mx ip4:192.0.2.1 -all'] });
      assert.equal(asked('_a.ok.ext.test', 'TXT'), 1);
    });

    test('a record with TTL 1 is asked again once it has expired', async () => {
      const cache = new DnsCache();
      const r = resolver({ cache });
      assert.deepEqual(await r.txt('short.ext.test'), { status: 'ok', records: ['short-lived'] });
      assert.equal((await r.txt('short.ext.test')).status, 'ok');
      assert.equal(asked('short.ext.test', 'TXT'), 1, 'asked again within the TTL');
      await new Promise((res) => setTimeout(res, 1100));
      assert.deepEqual(await r.txt('short.ext.test'), { status: 'ok', records: ['short-lived'] });
      assert.equal(asked('short.ext.test', 'TXT'), 2, 'not asked again after the TTL');
    });

    test('answers are kept for their TTL (300 s), negative ones for the SOA minimum (60 s)', async () => {
      let now = 1_000_000;
      const cache = new DnsCache({ now: () => now });
      const r = resolver({ cache });
      const ask = async () => {
        await r.txt('_b.ok.ext.test');
        await r.txt('gone3.ext.test');
      };
      await ask();
      now += 59_000;
      await ask();
      assert.deepEqual([asked('_b.ok.ext.test', 'TXT'), asked('gone3.ext.test', 'TXT')], [1, 1]);
      now += 2_000; // 61 s: the negative answer has expired, the positive one has not.
      await ask();
      assert.deepEqual([asked('_b.ok.ext.test', 'TXT'), asked('gone3.ext.test', 'TXT')], [1, 2]);
      now += 240_000; // 301 s after the first answer.
      await ask();
      assert.deepEqual([asked('_b.ok.ext.test', 'TXT'), asked('gone3.ext.test', 'TXT')], [2, 3]);
    });

    test('the cache keeps at most maxEntries answers, dropping the oldest', async () => {
      const cache = new DnsCache({ maxEntries: 2 });
      const r = resolver({ cache, maxQueries: 10 });
      await r.txt('_1.over.ext.test');
      await r.txt('_2.over.ext.test');
      await r.txt('_3.over.ext.test');
      assert.equal(cache.size, 2);
      await r.txt('_3.over.ext.test');
      await r.txt('_1.over.ext.test');
      assert.deepEqual(['_1', '_2', '_3'].map((l) => asked(`${l}.over.ext.test`, 'TXT')), [2, 1, 1]);
    });
  });

  describe('query budget', () => {
    test('a resolver sends at most maxQueries queries; the rest fail with the reason; cached answers stay free', async () => {
      const cache = new DnsCache();
      const r = resolver({ cache, maxQueries: 3 });
      const names = ['mx1', 'mx2', 'v4only', 'v6only', 'ns'].map((n) => `${n}.ext.test`);
      const sentSoFar = () => named.queries().filter((q) => q.endsWith(' TXT') && names.some((n) => q.startsWith(`${n} `))).length;
      const before = sentSoFar();
      const answers = [];
      for (const n of names) answers.push(await r.txt(n));
      assert.deepEqual(
        answers.map((a) => a.status),
        ['nodata', 'nodata', 'nodata', 'error', 'error'],
      );
      assert.equal(answers[3].error, 'query limit of 3 reached');
      assert.deepEqual(answers[3].records, []);
      assert.equal(sentSoFar() - before, 3);
      // What the cache holds is still answered.
      assert.equal((await r.txt('mx1.ext.test')).status, 'nodata');
      // Another document has its own budget and shares the cache.
      const other = resolver({ cache, maxQueries: 1 });
      assert.equal((await other.txt('mx2.ext.test')).status, 'nodata');
      assert.equal((await other.txt('v6only.ext.test')).status, 'nodata');
      assert.equal((await other.txt('ns.ext.test')).status, 'error');
    });

    test('addresses costs two queries, A and AAAA', async () => {
      const r = resolver({ maxQueries: 3 });
      assert.equal((await r.addresses('target.ext.test')).status, 'ok');
      const partial = await r.addresses('mx2.ext.test');
      assert.deepEqual(partial, { status: 'ok', records: ['192.0.2.26'] }, 'A asked, AAAA over the limit');
      assert.equal((await r.addresses('mx1.ext.test')).status, 'error');
    });
  });

  describe('failures', () => {
    test('SERVFAIL (a zone named could not load) is an error, and is not cached', async () => {
      const cache = new DnsCache();
      for (let i = 0; i < 2; i++) {
        const a = await resolver({ cache }).txt('www.broken.test');
        assert.deepEqual(a, { status: 'error', records: [], error: 'server failure (SERVFAIL)' });
      }
      assert.equal(asked('www.broken.test', 'TXT'), 2);
    });

    test('REFUSED (a name outside the server\'s zones) is an error', async () => {
      assert.deepEqual(await resolver().txt('www.example.org'), { status: 'error', records: [], error: 'query refused (REFUSED)' });
    });

    test('the next server is asked when one fails', async () => {
      const silent = await silentUdp();
      try {
        const r = createDnsResolver({ servers: [`127.0.0.1:${silent.port}`, server], timeoutMs: 300 });
        assert.deepEqual(await r.txt('_c.ok.ext.test'), { status: 'ok', records: ['v=spf1 ip6:2001:db8::/32 -all'] });
        assert.ok(silent.received() >= 1);
      } finally {
        silent.socket.close();
      }
    });
  });
});

describe('servers that do not answer', () => {
  test('a server that never replies gives an error soon after the timeout, and is asked again next time', async () => {
    const silent = await silentUdp();
    try {
      const cache = new DnsCache();
      const r = createDnsResolver({ servers: [`127.0.0.1:${silent.port}`], timeoutMs: 300, cache });
      const started = Date.now();
      const a = await r.txt('example.com');
      const took = Date.now() - started;
      assert.deepEqual(a, { status: 'error', records: [], error: 'timed out after 0.3 s' });
      assert.ok(took >= 290 && took < 1500, `took ${took} ms`);
      const before = silent.received();
      assert.ok(before >= 1, 'the query never reached the socket');
      assert.equal((await r.txt('example.com')).status, 'error');
      assert.ok(silent.received() > before, 'an error was cached');
      assert.equal(cache.size, 0);
    } finally {
      silent.socket.close();
    }
  });

  test('a port where nothing listens: connection refused, at once', async () => {
    const s = await silentUdp();
    const port = s.port;
    await new Promise<void>((resolve) => s.socket.close(() => resolve()));
    const started = Date.now();
    const a = await createDnsResolver({ servers: [`127.0.0.1:${port}`], timeoutMs: 5000 }).mx('example.com');
    assert.deepEqual(a, { status: 'error', records: [], error: 'connection refused' });
    assert.ok(Date.now() - started < 2000);
  });

  test('the default timeout is 2 s and is reported as such', async () => {
    const silent = await silentUdp();
    try {
      const a = await createDnsResolver({ servers: [`127.0.0.1:${silent.port}`] }).cname('example.com');
      assert.deepEqual(a, { status: 'error', records: [], error: 'timed out after 2 s' });
    } finally {
      silent.socket.close();
    }
  });
});
