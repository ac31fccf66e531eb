// Incremental changes over LSP: the server hands each change to the lint worker and applies it
// to its own copy later; whatever the changes, what it publishes and answers must be what a fresh
// open of the same text gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const root = join(__dirname, '..', '..');
type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
type Published = { uri: string; version?: number; diagnostics: { code?: string; range: Range; message: string }[] };

const BASE = [
  '$ORIGIN example.com.',
  '$TTL 3600',
  '@ SOA ns1 hostmaster 1 7200 3600 1209600 300',
  '@ NS ns1',
  '@ NS ns2',
  'ns1 A 192.0.2.1',
  'ns2 A 192.0.2.2',
  '@ MX 10 mail',
  'mail A 192.0.2.3',
  '@ TXT "v=spf1 mx -all"',
  '_dmarc TXT "v=DMARC1; p=none"',
  'www CNAME @',
  'selector1._domainkey CNAME selector1-example-com._domainkey.example.onmicrosoft.com',
  'h1 TXT ( "v=spf1 +all"',
  '  "more" )',
].join('\n');

const INSERTS = ['', 'x', '\n', 'www A 192.0.2.9\n', 'h2 TXT "v=spf1 ptr ?all"\n', '; note\n', '( "a"\n "b" )', '"', 'IN ', '300 ', '\r\n'];

/** The first entry where two lists differ, for the failure message. */
function firstDifference(a: unknown[], b: unknown[]): string {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) return `entry ${i}: ${JSON.stringify(a[i])} != ${JSON.stringify(b[i])}`;
  }
  return 'none';
}

test('incremental changes, several per notification and in bursts, give the diagnostics and hovers of the text they make', async () => {
  const child = spawn(process.execPath, [join(root, 'bin', 'zonelint-language-server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const c = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published: Published[] = [];
  c.onNotification('textDocument/publishDiagnostics', (p: unknown) => void published.push(p as Published));
  c.listen();
  const until = async <T>(get: () => T | undefined): Promise<T> => {
    for (let i = 0; i < 1000; i++) {
      const v = get();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('timed out');
  };
  const shape = (p: Published) => p.diagnostics.map((d) => [d.code, d.range, d.message]);
  try {
    await c.sendRequest('initialize', { processId: process.pid, rootUri: 'file:///ws', capabilities: {} });
    c.sendNotification('initialized', {});
    const uri = 'file:///ws/edited/example.com.zone';
    let text = BASE;
    let version = 1;
    c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dns-zone', version, text } });
    let seed = 11;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 25; round++) {
      // A burst of notifications, each with one to three changes applied one after the other.
      for (let burst = 1 + random(3); burst > 0; burst--) {
        const changes = [];
        for (let k = 1 + random(3); k > 0; k--) {
          // The client's own copy is the library's document: a change is applied as an editor does.
          const reference = TextDocument.create(uri, 'dns-zone', version, text);
          const a = random(text.length + 1);
          const b = random(3) === 0 ? random(text.length + 1) : Math.min(text.length, a + random(4));
          const change = { range: { start: reference.positionAt(Math.min(a, b)), end: reference.positionAt(Math.max(a, b)) }, text: INSERTS[random(INSERTS.length)] };
          changes.push(change);
          text = TextDocument.update(reference, [change], version + 1).getText();
        }
        c.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: changes });
      }
      const edited = await until(() => published.find((p) => p.uri === uri && p.version === version));
      // The same text opened fresh, under the same file name.
      const fresh = `file:///ws/fresh${round}/example.com.zone`;
      c.sendNotification('textDocument/didOpen', { textDocument: { uri: fresh, languageId: 'dns-zone', version: 1, text } });
      const expected = await until(() => published.find((p) => p.uri === fresh));
      assert.deepEqual(shape(edited), shape(expected), `round ${round}, version ${version}: ${firstDifference(shape(edited), shape(expected))}\n${JSON.stringify(text)}`);
      // The server's own copy: a hover on the last line's first word is the same on both.
      const position = { line: TextDocument.create(uri, 'dns-zone', 1, text).lineCount - 1, character: 0 };
      const hovers = await Promise.all([uri, fresh].map((u) => c.sendRequest('textDocument/hover', { textDocument: { uri: u }, position })));
      assert.deepEqual(hovers[0], hovers[1], `round ${round}: hover at ${JSON.stringify(position)}`);
      c.sendNotification('textDocument/didClose', { textDocument: { uri: fresh } });
    }
  } finally {
    c.dispose();
    child.kill();
  }
});
