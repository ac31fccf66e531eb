// LSP glue: documents, diagnostics on open and change. The only module that knows the
// language server protocol; it hands every request to the pure language service.
import type { Connection } from 'vscode-languageserver';
import { DiagnosticSeverity, TextDocuments, TextDocumentSyncKind, type Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lintParsed } from './service/lint';
import { ruleDocsUrl } from './service/rules/ruleInfo';
import { LineIndex } from './service/zone/lineIndex';
import { parseZone } from './service/zone/parser';
import type { Severity, ZoneDiagnostic } from './service/zone/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Time to wait after the last keystroke before linting. */
const DEBOUNCE_MS = 150;

export function toLspDiagnostic(d: ZoneDiagnostic, lines: LineIndex): Diagnostic {
  const out: Diagnostic = {
    range: { start: lines.position(d.start), end: lines.position(d.end) },
    severity: SEVERITY[d.severity],
    code: d.code,
    codeDescription: { href: ruleDocsUrl(d.code) },
    source: 'zonelint',
    message: d.message,
  };
  if (d.data !== undefined) out.data = d.data;
  return out;
}

/** Diagnostics of one document version: parse once, lint, keep those of the document itself. */
export function diagnosticsFor(document: TextDocument): Diagnostic[] {
  const text = document.getText();
  const parsed = parseZone(text, { path: document.uri.startsWith('file://') ? decodeURIComponent(document.uri.slice(7)) : document.uri });
  const lines = new LineIndex(text);
  return lintParsed(parsed, {}, () => undefined)
    .filter((d) => d.file === 0)
    .map((d) => toLspDiagnostic(d, lines));
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const pending = new Map<string, ReturnType<typeof setTimeout>>();

  connection.onInitialize(() => ({
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: 'zonelint-language-server', version: '0.1.0' },
  }));

  const schedule = (document: TextDocument, delay: number) => {
    const uri = document.uri;
    clearTimeout(pending.get(uri));
    pending.set(
      uri,
      setTimeout(() => {
        pending.delete(uri);
        const current = documents.get(uri);
        // A newer version replaced this one while waiting: its own timer will publish.
        if (!current || current.version !== document.version) return;
        try {
          connection.sendDiagnostics({ uri, version: current.version, diagnostics: diagnosticsFor(current) });
        } catch (e) {
          connection.console.error(`zonelint: linting ${uri} failed: ${(e as Error).stack ?? e}`);
        }
      }, delay),
    );
  };

  documents.onDidOpen((e) => schedule(e.document, 0));
  documents.onDidChangeContent((e) => schedule(e.document, DEBOUNCE_MS));
  documents.onDidClose((e) => {
    clearTimeout(pending.get(e.document.uri));
    pending.delete(e.document.uri);
    connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  documents.listen(connection);
  connection.listen();
}
