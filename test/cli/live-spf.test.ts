// The SPF evaluation followed through live DNS (RFC 7208 §4.6.4), against a real named on
// 127.0.0.1 serving ext.test: chains under and over the 10-lookup limit, void lookups, an include
// loop and includes without SPF. Offline, the same file gets none of these verdicts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { NAMED_SKIP, startNamed, type NamedServer } from '../helpers/namedServer';
import { REPO, zonelint } from './runZonelint';

const LIVE = join(__dirname, '..', 'fixtures', 'live');
const ZONE = relative(REPO, join(LIVE, 'spf-live.example.zone'));
const lines = readFileSync(join(LIVE, 'spf-live.example.zone'), 'utf8').split('\n');
const lineOf = (owner: string) => lines.findIndex((l) => l.startsWith(owner + ' ')) + 1;

interface Diagnostic {
  code: string;
  severity: string;
  message: string;
  range: { start: { line: number } };
}

describe('SPF through live DNS', { skip: NAMED_SKIP }, () => {
  let named: NamedServer;
  let live: Diagnostic[];
  let offline: Diagnostic[];
  before(async () => {
    named = await startNamed({ 'ext.test': readFileSync(join(LIVE, 'ext.test.zone'), 'utf8'), 'other.test': readFileSync(join(LIVE, 'other.test.zone'), 'utf8') });
    const read = async (args: string[]) => {
      const r = await zonelint(['--format', 'json', ...args, ZONE]);
      assert.equal(r.stderr, '');
      return (JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }[])[0].diagnostics;
    };
    live = await read(['--dns-server', `127.0.0.1:${named.port}`, '--dns-timeout', '3000']);
    offline = await read(['--offline']);
  });
  after(async () => {
    await named?.stop();
  });

  const at = (list: Diagnostic[], owner: string) => list.filter((d) => d.range.start.line === lineOf(owner) - 1 && d.code.startsWith('spf-'));

  test('a chain of 5 lookups passes', () => {
    assert.deepEqual(at(live, 'ok').map((d) => d.code), []);
  });

  test('a chain of 16 lookups is over the limit, with the count', () => {
    const [d] = at(live, 'over').filter((x) => x.code === 'spf-too-many-lookups');
    assert.ok(d, JSON.stringify(at(live, 'over')));
    assert.equal(d.severity, 'error');
    assert.match(d.message, /\b16\b/);
    assert.deepEqual(at(offline, 'over').filter((x) => x.code === 'spf-too-many-lookups'), [], 'offline only one lookup is known');
  });

  test('includes without SPF: a TXT that is not SPF, no TXT, no such name', () => {
    const found = at(live, 'missing').filter((x) => x.code === 'spf-include-no-spf');
    assert.ok(found.length >= 1, JSON.stringify(at(live, 'missing')));
    const text = found.map((d) => d.message).join('\n');
    for (const name of ['nospf.ext.test', 'hostonly.ext.test', 'absent.ext.test']) assert.ok(text.includes(name), `${name} in: ${text}`);
  });

  test('an include loop', () => {
    assert.ok(at(live, 'loop').some((x) => x.code === 'spf-include-loop'), JSON.stringify(at(live, 'loop')));
  });

  test('more than 2 void lookups, and 1 is fine', () => {
    assert.ok(at(live, 'void').some((x) => x.code === 'spf-void-lookups'), JSON.stringify(at(live, 'void')));
    assert.ok(!at(live, 'onevoid').some((x) => x.code === 'spf-void-lookups'), JSON.stringify(at(live, 'onevoid')));
  });

  test('no lookup failed, and offline none of the live verdicts appear', () => {
    assert.deepEqual(live.filter((d) => d.code === 'dns-lookup-failed'), []);
    const liveOnly = ['spf-include-no-spf', 'spf-include-loop', 'spf-void-lookups', 'spf-too-many-lookups'];
    assert.deepEqual(offline.filter((d) => liveOnly.includes(d.code)), []);
  });
});
