// The bundled language server driven over stdio by an LSP client, as another editor would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const root = join(__dirname, '..', '..');

test('zonelint-language-server --stdio publishes diagnostics at the exact characters', async () => {
  const child = spawn(process.execPath, [join(root, 'bin', 'zonelint-language-server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.listen();
  try {
    type Published = { uri: string; diagnostics: { code: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; codeDescription?: { href: string } }[] };
    const notifications: Published[] = [];
    connection.onNotification('textDocument/publishDiagnostics', (params: unknown) => {
      notifications.push(params as Published);
    });
    /** The n-th publication (1-based), waiting up to two seconds for it. */
    const publication = async (n: number): Promise<Published> => {
      for (let i = 0; i < 200 && notifications.length < n; i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(notifications.length >= n, `publication ${n} did not arrive`);
      return notifications[n - 1];
    };
    const init = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as { capabilities: { textDocumentSync: number } };
    assert.equal(init.capabilities.textDocumentSync, 2);
    connection.sendNotification('initialized', {});
    const text = '$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ NS ns1\nns1 A 192.0.2.1\n@ MX 10 mail\nmail A 192.0.2.256\n_dmarc TXT v=DMARC1; p=reject\n';
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///tmp/example.com.zone', languageId: 'dns-zone', version: 1, text } });
    const result = await publication(1);
    assert.equal(result.uri, 'file:///tmp/example.com.zone');
    const bad = result.diagnostics.find((d) => d.code === 'syntax-rdata-field');
    assert.ok(bad, JSON.stringify(result.diagnostics));
    assert.deepEqual(bad.range, { start: { line: 5, character: 7 }, end: { line: 5, character: 18 } });
    assert.match(bad.codeDescription?.href ?? '', /docs\/rules\/syntax-rdata-field\.md$/);
    const uri = 'file:///tmp/example.com.zone';
    const symbols = (await connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as { name: string; children?: { name: string }[] }[];
    const apex = symbols.find((x) => x.name === '@');
    assert.deepEqual(apex?.children?.map((c) => c.name), ['SOA', 'NS', 'MX']);
    const edits = (await connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } })) as { newText: string }[];
    assert.ok(edits.length > 0, 'the unaligned zone gets formatting edits');
    assert.ok(edits.every((e) => !e.newText.includes('\t')));
    const items = (await connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 2 } })) as { label: string }[];
    assert.ok(items.some((i) => i.label === 'MX') && items.some((i) => i.label === 'TXT'), 'record types are offered after the owner');
    const hovered = (await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 3 } })) as { contents: { value: string } } | null;
    assert.match(hovered?.contents.value ?? '', /MX/, 'hover on the type explains it');
    type Action = { kind: string; isPreferred?: boolean; edit?: { changes: Record<string, { newText: string }[]> } };
    const quickFixes = (await connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 6, character: 20 }, end: { line: 6, character: 20 } }, context: { diagnostics: [] } })) as Action[];
    const quote = quickFixes.find((a) => a.kind === 'quickfix' && a.isPreferred);
    assert.ok(quote, JSON.stringify(quickFixes));
    assert.ok(quote.edit?.changes[uri].some((e) => e.newText.includes('"v=DMARC1; p=reject"')));
    const fixAll = (await connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } })) as Action[];
    assert.equal(fixAll.length, 1);
    assert.equal(fixAll[0].kind, 'source.fixAll.zonelint');
    // A severity setting turns the rule off; the diagnostics are published again without it.
    connection.sendNotification('workspace/didChangeConfiguration', { settings: { zonelint: { rules: { 'syntax-rdata-field': 'off' } } } });
    const again = await publication(notifications.length + 1);
    assert.ok(!again.diagnostics.some((d) => d.code === 'syntax-rdata-field'));
    await connection.sendRequest('shutdown');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await connection.sendNotification('exit');
    await exited;
  } finally {
    connection.dispose();
    if (child.exitCode === null) child.kill();
  }
});
