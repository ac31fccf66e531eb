// The VS Code side: starts the bundled language server for dns-zone documents.
import * as path from 'node:path';
import { workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'dns-zone' }],
    synchronize: { configurationSection: 'zonelint' },
    // In an untrusted workspace the server reads no $INCLUDE file and makes no network query.
    initializationOptions: { trusted: workspace.isTrusted },
  };
  client = new LanguageClient('zonelint', 'Zonelint', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push(workspace.onDidGrantWorkspaceTrust(() => client?.sendNotification('zonelint/workspaceTrusted')));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
