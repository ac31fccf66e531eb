import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_INFOS } from '../../server/src/service/rules/index';

const docs = join(__dirname, '..', '..', 'docs', 'rules');
const AREAS = ['syntax', 'zone', 'soa', 'ns', 'mx', 'cname', 'txt', 'spf', 'dmarc', 'dkim', 'tlsa', 'mtasts', 'tlsrpt', 'caa', 'dnssec', 'dns'];

test('rule ids are unique, kebab-case and start with their area', () => {
  const seen = new Set<string>();
  for (const r of RULE_INFOS) {
    assert.ok(!seen.has(r.id), `duplicate rule id ${r.id}`);
    seen.add(r.id);
    assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)+$/, r.id);
    assert.ok(AREAS.includes(r.id.split('-')[0]), `${r.id} has no known area prefix`);
    assert.ok(['error', 'warning', 'information', 'hint'].includes(r.severity), r.id);
    assert.ok(r.title.length > 0 && r.source.length > 0, r.id);
  }
});

test('every rule has a documentation page that says what, why, the source and how to fix', () => {
  for (const r of RULE_INFOS) {
    const page = join(docs, `${r.id}.md`);
    assert.ok(existsSync(page), `docs/rules/${r.id}.md is missing`);
    const text = readFileSync(page, 'utf8');
    assert.ok(text.startsWith(`# ${r.id}`), `${r.id}.md should start with '# ${r.id}'`);
    for (const word of ['what', 'why', 'source', 'fix']) assert.match(text, new RegExp(`\\b${word}`, 'i'), `${r.id}.md does not say ${word}`);
  }
});

test('every documentation page belongs to a rule', () => {
  const ids = new Set(RULE_INFOS.map((r) => r.id));
  for (const f of readdirSync(docs)) {
    if (f === 'README.md') continue;
    assert.ok(ids.has(f.replace(/\.md$/, '')), `docs/rules/${f} documents no rule`);
  }
});
