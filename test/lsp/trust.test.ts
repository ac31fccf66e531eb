// Workspace Trust over LSP: $INCLUDE files are read only when the workspace is trusted, and
// only below the workspace folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const root = join(__dirname, '..', '..');

type Published = { uri: string; diagnostics: { code: string; message: string }[] };

async function diagnosticsWith(initializationOptions: object | undefined, folder: string, file: string, then?: (send: (method: string) => void) => void): Promise<Published[]> {
  const child = spawn(process.execPath, [join(root, 'bin', 'zonelint-language-server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published: Published[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: unknown) => {
    published.push(p as Published);
  });
  connection.listen();
  try {
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: 'file://' + folder, workspaceFolders: [{ uri: 'file://' + folder, name: 'zones' }], capabilities: {}, initializationOptions });
    connection.sendNotification('initialized', {});
    const { readFileSync } = await import('node:fs');
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file://' + file, languageId: 'dns-zone', version: 1, text: readFileSync(file, 'utf8') } });
    const wait = async (n: number) => {
      for (let i = 0; i < 300 && published.length < n; i++) await new Promise((r) => setTimeout(r, 10));
    };
    await wait(1);
    if (then) {
      then((method) => connection.sendNotification(method));
      await wait(2);
    }
    return published;
  } finally {
    connection.dispose();
    child.kill();
  }
}

function zoneFolder(): { folder: string; file: string } {
  const folder = mkdtempSync(join(tmpdir(), 'zonelint-trust-'));
  mkdirSync(join(folder, 'inc'));
  const file = join(folder, 'example.com.zone');
  writeFileSync(file, '$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ NS ns1\n@ NS ns2\n@ MX 10 mail\n@ TXT "v=spf1 mx -all"\n$INCLUDE inc/hosts.inc\n');
  writeFileSync(join(folder, 'inc', 'hosts.inc'), 'ns1 A 192.0.2.1\nns2 A 192.0.2.2\nmail A 192.0.2.25\n');
  return { folder, file };
}

test('an untrusted workspace reads no $INCLUDE; trusting it reads the include and re-lints', async () => {
  const { folder, file } = zoneFolder();
  const published = await diagnosticsWith({ trusted: false }, folder, file, (send) => send('zonelint/workspaceTrusted'));
  const codes = (p: Published) => p.diagnostics.map((d) => d.code).sort();
  assert.ok(codes(published[0]).includes('syntax-include-skipped'), JSON.stringify(published[0]));
  assert.ok(codes(published[0]).includes('mx-target-no-address'), 'without the include the MX host has no address');
  const after = published[published.length - 1];
  assert.deepEqual(codes(after), [], JSON.stringify(after));
});

test('an editor without Workspace Trust reads $INCLUDE below the workspace folder only', async () => {
  const { folder, file } = zoneFolder();
  writeFileSync(file, '$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ NS ns1\n@ NS ns2\n$INCLUDE inc/hosts.inc\n$INCLUDE ../../../no/such/file.inc\n');
  const [first] = await diagnosticsWith(undefined, folder, file);
  const failed = first.diagnostics.filter((d) => d.code === 'syntax-include-failed');
  assert.equal(failed.length, 1, JSON.stringify(first.diagnostics));
  assert.match(failed[0].message, /outside the folder/);
  assert.ok(!first.diagnostics.some((d) => d.code === 'syntax-include-skipped'));
});
