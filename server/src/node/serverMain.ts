// The language server process: LSP over stdio (--stdio), node IPC or a socket, as the client asks.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../server';
import { createFsIncludeHost } from './includeHost';
import { nodeLintEnvironment } from './lintEnvironment';
import { workerLinter } from './workerLinter';

startServer(createConnection(ProposedFeatures.all), {
  createIncludeHost: createFsIncludeHost,
  createLinter: (log, currentText) => workerLinter(nodeLintEnvironment(log), currentText),
});
