// lintLive given the offline result runs only the live checks and gives what a whole live lint gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintLive, lintParsed } from '../../server/src/service/lint';
import type { LintOptions } from '../../server/src/service/rules/rule';
import { parseZone } from '../../server/src/service/zone/parser';
import { FakeResolver } from '../helpers/mailTests';

const LIVE = join(__dirname, '..', 'fixtures', 'live');

test('lintLive with the offline result equals lintLive without it, overrides and suppressions included', async () => {
  const text =
    readFileSync(join(LIVE, 'spf-live.example.zone'), 'utf8') +
    '; zonelint-disable-next-line spf-include-no-spf\n' +
    'quiet      IN TXT "v=spf1 include:nothing.ext.test -all"\n' +
    '_dmarc     IN TXT "v=DMARC1; p=none; rua=mailto:d@reports.ext.test"\n' +
    'www        IN CNAME @\nwww IN A 192.0.2.1\n';
  const resolver = () =>
    new FakeResolver({
      '_spf.ok.ext.test': { status: 'ok', records: ['v=spf1 ip4:192.0.2.0/24 -all'] },
      '_spf.over.ext.test': { status: 'ok', records: ['v=spf1 ' + Array.from({ length: 11 }, (_, i) => `a:h${i}.ext.test`).join(' ') + ' -all'] },
    });
  const options: LintOptions = { ruleSeverities: { 'cname-other-data': 'warning', 'spf-no-all': 'off' } };
  const parsed = parseZone(text, { path: 'spf-live.example.zone' });
  const whole = await lintLive(parsed, resolver(), options);
  const offline = lintParsed(parsed, options);
  const seeded = await lintLive(parsed, resolver(), options, undefined, offline);
  const show = (ds: typeof whole) => ds.map((d) => `${d.start}-${d.end} ${d.severity} ${d.code}: ${d.message}`);
  assert.deepEqual(show(seeded), show(whole));
  // The comparison has something to compare: live findings, an override and a suppression.
  assert.ok(whole.some((d) => d.code === 'spf-too-many-lookups'));
  assert.ok(whole.some((d) => d.code === 'cname-other-data' && d.severity === 'warning'));
  assert.ok(!whole.some((d) => d.code === 'spf-include-no-spf' && text.slice(d.start, d.end).includes('nothing.ext.test')));
});
