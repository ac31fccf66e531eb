import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { filesUnder } from '../helpers/files';

const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return filesUnder(dir, (name) => name.endsWith('.ts'));
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

test('the language service imports no process, file system, network or LSP connection', () => {
  const forbidden = /^(node:|fs$|path$|net$|dns$|child_process$|http|https$|vscode$|vscode-languageserver(\/node)?$|vscode-languageclient)/;
  const service = join(root, 'server', 'src', 'service');
  for (const file of sources(service)) {
    for (const spec of imports(file)) {
      assert.ok(!forbidden.test(spec), `${relative(root, file)} imports ${spec}`);
      if (spec.startsWith('.')) assert.ok(resolve(dirname(file), spec).startsWith(service), `${relative(root, file)} imports ${spec} from outside the service`);
    }
  }
});

test('rules never import editor features', () => {
  for (const file of sources(join(root, 'server', 'src', 'service', 'rules'))) {
    for (const spec of imports(file)) assert.ok(!spec.includes('features/'), `${relative(root, file)} imports ${spec}`);
  }
});
