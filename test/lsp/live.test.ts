// Live DNS in the language server: the offline result is published at once and the live one
// follows; no query at all unless zonelint.dns.enabled is on and the workspace is trusted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { NAMED_SKIP, startNamed, type NamedServer } from '../helpers/namedServer';

const root = join(__dirname, '..', '..');
const fixture = (name: string) => readFileSync(join(root, 'test', 'fixtures', 'live', name), 'utf8');
type Published = { uri: string; version?: number; diagnostics: { code: string; message: string }[] };

let named: NamedServer | undefined;
before(async () => {
  if (!NAMED_SKIP) named = await startNamed({ 'ext.test': fixture('ext.test.zone'), 'other.test': fixture('other.test.zone') });
});
after(async () => {
  await named?.stop();
});

async function publicationsFor(trusted: boolean, enabled: boolean, waitMs: number): Promise<Published[]> {
  const child = spawn(process.execPath, [join(root, 'bin', 'zonelint-language-server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published: Published[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: unknown) => void published.push(p as Published));
  connection.onRequest('window/showMessageRequest', () => null);
  connection.listen();
  try {
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: 'file:///ws', workspaceFolders: [{ uri: 'file:///ws', name: 'ws' }], capabilities: {}, initializationOptions: { trusted } });
    connection.sendNotification('initialized', {});
    connection.sendNotification('workspace/didChangeConfiguration', { settings: { zonelint: { dns: { enabled, servers: [`127.0.0.1:${named!.port}`], timeoutMs: 1000 } } } });
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///ws/example.org.zone', languageId: 'dns-zone', version: 1, text: fixture('example.org.zone') } });
    await new Promise((r) => setTimeout(r, waitMs));
    return published;
  } finally {
    connection.dispose();
    child.kill();
  }
}

const authorisation = (p: Published) => p.diagnostics.filter((d) => d.code === 'dmarc-report-authorization');

test('trusted and enabled: the offline result comes first, then the live one with what DNS said', { skip: NAMED_SKIP }, async () => {
  const published = await publicationsFor(true, true, 2500);
  const mine = published.filter((p) => p.uri === 'file:///ws/example.org.zone' && p.version === 1);
  assert.ok(mine.length >= 2, `publications: ${JSON.stringify(mine.map((p) => p.diagnostics.map((d) => d.code)))}`);
  assert.deepEqual(authorisation(mine[0]), [], 'the first (offline) result cannot know about the destination');
  const last = mine[mine.length - 1];
  assert.equal(authorisation(last).length, 1, JSON.stringify(last.diagnostics));
  assert.match(authorisation(last)[0].message, /noauth\.ext\.test/);
  assert.ok(named!.queries().some((q) => q.includes('_report._dmarc.noauth.ext.test')));
});

test('no DNS query when the setting is off or the workspace is untrusted', { skip: NAMED_SKIP }, async () => {
  const before = named!.queries().length;
  for (const [trusted, enabled] of [
    [true, false],
    [false, true],
  ] as const) {
    const published = await publicationsFor(trusted, enabled, 1200);
    assert.ok(published.length >= 1);
    assert.ok(published.every((p) => authorisation(p).length === 0));
  }
  assert.equal(named!.queries().length, before, `queries sent: ${named!.queries().slice(before).join(', ')}`);
});
