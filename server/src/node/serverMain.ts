// The language server process: LSP over stdio (--stdio), node IPC or a socket, as the client asks.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../server';

startServer(createConnection(ProposedFeatures.all));
