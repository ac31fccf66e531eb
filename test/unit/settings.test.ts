import { test } from 'node:test';
import assert from 'node:assert/strict';
import { originFor, readSettings } from '../../server/src/settings';

test('settings: defaults when nothing is set', () => {
  const { settings, problems } = readSettings(undefined);
  assert.deepEqual(problems, []);
  assert.equal(settings.features.hover, true);
  assert.equal(settings.dns.enabled, false, 'no DNS query without the user turning it on');
  assert.deepEqual(settings.origins, []);
});

test('settings: origins by glob, first match wins, relative to the workspace folder', () => {
  const { settings, problems } = readSettings({ zonelint: { origins: { 'zones/db.*': 'example.net', '**/*.zone': 'example.org.' } } });
  assert.deepEqual(problems, []);
  assert.equal(originFor(settings, '/ws/zones/db.example', ['/ws']), 'example.net.');
  assert.equal(originFor(settings, '/ws/zones/db.example', ['/other']), undefined, 'zones/db.* is relative to a workspace folder');
  assert.equal(originFor(settings, '/ws/zones/deep/a.zone', ['/ws']), 'example.org.');
  assert.equal(originFor(settings, '/ws/zones/a.txt', ['/ws']), undefined);
});

test('settings: feature switches and DNS settings are read; wrong entries are named and ignored', () => {
  const { settings, problems } = readSettings({
    zonelint: {
      hover: { enabled: false },
      completion: { enabled: 'no' },
      dns: { enabled: true, servers: ['127.0.0.1:5353', 'not a server'], timeoutMs: 50, maxQueries: 20 },
      origins: { 'a/*': 'bad origin!' },
      rules: { 'zone-ttl-mismatch': 'off', 'no-such-rule': 'off' },
    },
  });
  assert.equal(settings.features.hover, false);
  assert.equal(settings.features.completion, true, 'an invalid switch keeps the feature on');
  assert.equal(settings.dns.enabled, true);
  assert.deepEqual(settings.dns.servers, ['127.0.0.1:5353']);
  assert.equal(settings.dns.timeoutMs, 2000, 'a timeout below 100 ms is refused');
  assert.equal(settings.dns.maxQueries, 20);
  assert.deepEqual(settings.rules, { 'zone-ttl-mismatch': 'off' });
  assert.deepEqual(settings.origins, []);
  const text = problems.join('\n');
  for (const part of ['zonelint.completion.enabled', '"not a server"', 'zonelint.dns.timeoutMs', 'a/*', 'no-such-rule']) assert.ok(text.includes(part), `problems mention ${part}: ${text}`);
});

test('settings: maxItemsComputed is 5000 unless set to a whole number', () => {
  assert.equal(readSettings({}).settings.maxItemsComputed, 5000);
  assert.equal(readSettings({ zonelint: { maxItemsComputed: 20 } }).settings.maxItemsComputed, 20);
  for (const bad of [-1, 2.5, '100']) {
    const { settings, problems } = readSettings({ zonelint: { maxItemsComputed: bad } });
    assert.equal(settings.maxItemsComputed, 5000);
    assert.match(problems.join('\n'), /zonelint\.maxItemsComputed must be a whole number/);
  }
});

test('settings: maxNumberOfProblems is 1000 unless set to a whole number of at least 1', () => {
  assert.equal(readSettings({}).settings.maxNumberOfProblems, 1000);
  assert.equal(readSettings({ zonelint: { maxNumberOfProblems: 1 } }).settings.maxNumberOfProblems, 1);
  for (const bad of [0, -3, 2.5, '10', null]) {
    const { settings, problems } = readSettings({ zonelint: { maxNumberOfProblems: bad } });
    assert.equal(settings.maxNumberOfProblems, 1000);
    assert.match(problems.join('\n'), /zonelint\.maxNumberOfProblems must be a whole number, 1 or more/);
  }
});
