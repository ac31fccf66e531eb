// The VS Code side: starts the bundled language server for dns-zone documents, and offers the
// TLSA commands (client/src/tlsaCommands.ts) with VS Code's pickers, prompts and output channel.
import * as path from 'node:path';
import { commands, window, workspace, type ExtensionContext, type OutputChannel, type TextEditor } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { insertTlsaRecord, verifyMxHostTlsa, type TlsaUi, type ZoneDocument } from './tlsaCommands';

let client: LanguageClient | undefined;

/** The active editor when it shows a zone file; otherwise says why the command cannot run. */
function zoneEditor(): TextEditor | undefined {
  const editor = window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'dns-zone') {
    void window.showErrorMessage('Open a zone file (language DNS Zone) in the editor first, then run the command again.');
    return undefined;
  }
  return editor;
}

function zoneDocument(editor: TextEditor): ZoneDocument {
  const doc = editor.document;
  const file = doc.uri.scheme === 'file' ? doc.uri.fsPath : undefined;
  return { text: doc.getText(), path: file, label: file ? workspace.asRelativePath(doc.uri) : doc.uri.toString() };
}

function editorUi(editor: TextEditor, channel: () => OutputChannel): TlsaUi {
  return {
    async pickFile(title) {
      const folder = workspace.getWorkspaceFolder(editor.document.uri)?.uri;
      const picked = await window.showOpenDialog({
        title,
        canSelectMany: false,
        openLabel: 'Use this certificate',
        defaultUri: folder,
        filters: { Certificates: ['pem', 'crt', 'cer', 'der'], 'All files': ['*'] },
      });
      return picked?.[0]?.fsPath;
    },
    async pick(items, placeholder) {
      const chosen = await window.showQuickPick(items, { placeHolder: placeholder, matchOnDescription: true });
      return chosen?.value;
    },
    input(prompt, placeholder, validate) {
      return Promise.resolve(window.showInputBox({ prompt, placeHolder: placeholder, validateInput: validate }));
    },
    async confirm(message, action) {
      return (await window.showWarningMessage(message, { modal: true }, action)) === action;
    },
    show(text) {
      const out = channel();
      out.appendLine(text.replace(/\n$/, ''));
      out.show(true);
    },
    notify(kind, message) {
      void (kind === 'error' ? window.showErrorMessage(message) : window.showInformationMessage(message));
    },
    async insert(text) {
      const doc = editor.document;
      const end = doc.positionAt(doc.getText().length);
      const ok = await editor.edit((builder) => builder.insert(end, text));
      if (ok) editor.revealRange(doc.lineAt(Math.max(0, doc.lineCount - 2)).range);
      return ok;
    },
  };
}

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
  const created = client;
  // The language client's own output channel, named Zonelint.
  const channel = () => created.outputChannel;
  // The TLSA commands work in untrusted workspaces too: they read only the certificate the user
  // picks, and the check connects only to the host the user picks, after confirming it.
  context.subscriptions.push(
    commands.registerCommand('zonelint.insertTlsaRecord', async () => {
      const editor = zoneEditor();
      if (editor) await insertTlsaRecord(zoneDocument(editor), editorUi(editor, channel));
    }),
    commands.registerCommand('zonelint.verifyTlsaRecords', async () => {
      const editor = zoneEditor();
      if (editor) await verifyMxHostTlsa(zoneDocument(editor), editorUi(editor, channel));
    }),
  );
  await client.start();
  context.subscriptions.push(workspace.onDidGrantWorkspaceTrust(() => client?.sendNotification('zonelint/workspaceTrusted')));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
