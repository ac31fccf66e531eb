// Settings over LSP: origins by file glob, features switched off, invalid settings reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

const root = join(__dirname, '..', '..');
type Published = { uri: string; version?: number; diagnostics: { code: string; message: string }[] };

async function withServer(run: (c: MessageConnection, published: Published[], warnings: string[]) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, [join(root, 'bin', 'zonelint-language-server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published: Published[] = [];
  const warnings: string[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: unknown) => void published.push(p as Published));
  connection.onRequest('window/showMessageRequest', (p: { message: string }) => {
    warnings.push(p.message);
    return null;
  });
  connection.listen();
  try {
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: 'file:///ws', workspaceFolders: [{ uri: 'file:///ws', name: 'ws' }], capabilities: {} });
    connection.sendNotification('initialized', {});
    await run(connection, published, warnings);
  } finally {
    connection.dispose();
    child.kill();
  }
}

async function until<T>(get: () => T | undefined): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = get();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out');
}

const TEXT = '$TTL 3600\n@ SOA ns1.example.org. hostmaster.example.org. 1 7200 3600 1209600 300\n@ NS ns1.example.org.\n@ NS ns2.example.org.\nhost.example.org. A 192.0.2.1\n';
const URI = 'file:///ws/zones/customer.txt';

test('an origin from zonelint.origins decides the names of relative owners', async () => {
  await withServer(async (c, published) => {
    const uri = 'file:///ws/zones/customer.txt';
    c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dns-zone', version: 1, text: '$TTL 3600\nwww A 192.0.2.1\nmail.example.org. A 192.0.2.2\n' } });
    await until(() => published.find((p) => p.version === 1));
    const names = async () => JSON.stringify(await c.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 1 } }));
    const before = await names();
    assert.ok(!before.includes('www.example.org.'), JSON.stringify(before));
    c.sendNotification('workspace/didChangeConfiguration', { settings: { zonelint: { origins: { 'zones/*.txt': 'example.org' } } } });
    await until(() => (published.length > 1 ? true : undefined));
    const after = await names();
    assert.ok(after.includes('www.example.org.'), JSON.stringify(after));
    const outside = published[published.length - 1].diagnostics.filter((d) => d.code === 'zone-owner-outside');
    assert.deepEqual(outside, [], 'mail.example.org. is inside example.org.');
  });
});

test('each feature can be switched off, and on again', async () => {
  await withServer(async (c, published, warnings) => {
    c.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'dns-zone', version: 1, text: TEXT + 'www CNAME host.example.org.\nwww A 192.0.2.2\n' } });
    await until(() => published.find((p) => p.version === 1));
    const hoverAt = { textDocument: { uri: URI }, position: { line: 1, character: 3 } };
    assert.ok(await c.sendRequest('textDocument/hover', hoverAt), 'hover is on by default');
    const off = { hover: { enabled: false }, completion: { enabled: false }, documentSymbols: { enabled: false }, inlayHints: { enabled: false }, diagnostics: { enabled: false } };
    c.sendNotification('workspace/didChangeConfiguration', { settings: { zonelint: off } });
    const cleared = await until(() => (published.length > 1 ? published[published.length - 1] : undefined));
    assert.deepEqual(cleared.diagnostics, [], 'diagnostics switched off clears the problems');
    assert.equal(await c.sendRequest('textDocument/hover', hoverAt), null);
    assert.deepEqual(await c.sendRequest('textDocument/completion', { textDocument: { uri: URI }, position: { line: 5, character: 4 } }), []);
    assert.deepEqual(await c.sendRequest('textDocument/documentSymbol', { textDocument: { uri: URI } }), []);
    assert.deepEqual(await c.sendRequest('textDocument/inlayHint', { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } } }), []);
    // Features left alone still answer.
    assert.ok(((await c.sendRequest('textDocument/foldingRange', { textDocument: { uri: URI } })) as unknown[]).length >= 0);
    c.sendNotification('workspace/didChangeConfiguration', { settings: { zonelint: {} } });
    const back = await until(() => (published.length > 2 ? published[published.length - 1] : undefined));
    assert.ok(back.diagnostics.some((d) => d.code === 'cname-other-data'));
    assert.ok(await c.sendRequest('textDocument/hover', hoverAt));
    assert.deepEqual(warnings, []);
  });
});

test('invalid settings are reported once in a warning that names them', async () => {
  await withServer(async (c, _published, warnings) => {
    const bad = { settings: { zonelint: { hover: { enabled: 'yes' }, dns: { servers: ['not a server'] } } } };
    c.sendNotification('workspace/didChangeConfiguration', bad);
    await until(() => (warnings.length ? true : undefined));
    c.sendNotification('workspace/didChangeConfiguration', bad);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /zonelint\.hover\.enabled/);
    assert.match(warnings[0], /not a server/);
  });
});

test('zonelint.maxItemsComputed bounds the outline and the folding ranges, and the user is told once per document', async () => {
  await withServer(async (c, _published, told) => {
    c.sendNotification('workspace/didChangeConfiguration', { settings: { zonelint: { maxItemsComputed: 10 } } });
    const lines = ['$TTL 3600'];
    for (let i = 0; i < 40; i++) lines.push(`h${i} A 192.0.2.${i + 1}`, `h${i} TXT ( "a"`, ' "b" )');
    const uri = 'file:///ws/zones/big.example.zone';
    c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dns-zone', version: 1, text: lines.join('\n') + '\n' } });
    type Sym = { name: string; children?: Sym[] };
    const count = (s: Sym[]): number => s.reduce((n, x) => n + 1 + count(x.children ?? []), 0);
    const outline = (await c.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as Sym[];
    assert.ok(count(outline) <= 10 && count(outline) >= 9, `${count(outline)} symbols`);
    assert.equal(outline[0].name, '$TTL');
    const folds = (await c.sendRequest('textDocument/foldingRange', { textDocument: { uri } })) as unknown[];
    assert.equal(folds.length, 10);
    await c.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    await until(() => (told.length >= 2 ? true : undefined));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(told.length, 2, JSON.stringify(told));
    assert.ok(told.every((m) => m.includes('big.example.zone') && m.includes('zonelint.maxItemsComputed')), JSON.stringify(told));
    assert.ok(told.some((m) => m.includes('outline')) && told.some((m) => m.includes('folding')));
  });
});

test('zonelint.maxNumberOfProblems: the most severe problems are published with a note on the others, whose quick fixes still work', async () => {
  await withServer(async (c, published) => {
    c.sendNotification('workspace/didChangeConfiguration', { settings: { zonelint: { maxNumberOfProblems: 5 } } });
    const lines = ['$ORIGIN example.org.', '$TTL 3600', '@ SOA ns1 hostmaster 1 7200 3600 1209600 300', '@ NS ns1', '@ NS ns2', 'ns1 A 192.0.2.1', 'ns2 A 192.0.2.2'];
    // Eight warnings, one error after them and two information on the last line.
    for (let i = 1; i <= 8; i++) lines.push(`m${i} TXT "v=spf1 +all"`);
    lines.push('w CNAME @', 'w A 192.0.2.9', '_dmarc TXT "v=DMARC1; p=none"');
    const uri = 'file:///ws/zones/limited.example.zone';
    c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dns-zone', version: 1, text: lines.join('\n') + '\n' } });
    const first = await until(() => published.find((p) => p.uri === uri && p.version === 1));
    const codes = first.diagnostics.map((d) => d.code ?? '(note)');
    assert.deepEqual(codes, ['spf-permissive-all', 'spf-permissive-all', 'spf-permissive-all', 'cname-other-data', '(note)'], JSON.stringify(first.diagnostics));
    const note = first.diagnostics[4].message;
    assert.match(note, /lists 4 of the 11 problems in limited\.example\.zone/);
    assert.match(note, /not listed: 5 warnings, 2 information/);
    assert.match(note, /zonelint\.maxNumberOfProblems/);
    // The last +all (line 15) is not listed, and its quick fix is offered all the same.
    const actions = (await c.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 14, character: 15 }, end: { line: 14, character: 15 } },
      context: { diagnostics: [] },
    })) as { title: string; edit?: { changes?: Record<string, { newText: string }[]> } }[];
    assert.ok(actions.some((a) => a.title === "Write '~all'" && a.edit?.changes?.[uri]?.[0].newText === '~'), JSON.stringify(actions));
    c.sendNotification('workspace/didChangeConfiguration', { settings: { zonelint: { maxNumberOfProblems: 100 } } });
    const all = await until(() => published.filter((p) => p.uri === uri).at(-1)?.diagnostics.length === 11 ? true : undefined);
    assert.ok(all);
  });
});
