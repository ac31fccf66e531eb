// LSP glue: documents, diagnostics on open and change. The only module that knows the
// language server protocol; it hands every request to the pure language service.
import type { Connection } from 'vscode-languageserver';
import { DiagnosticSeverity, TextDocuments, TextDocumentSyncKind, type Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions, FIX_ALL_KIND, fixAllAction } from './service/features/codeActions';
import { completions } from './service/features/completion';
import { documentSymbols } from './service/features/documentSymbols';
import { foldingRanges } from './service/features/foldingRanges';
import { formatZone } from './service/features/formatting';
import { hover } from './service/features/hover';
import { inlayHints } from './service/features/inlayHints';
import { lintParsed, validateRuleSeverities, type RuleSeverity } from './service/lint';
import { ruleDocsUrl } from './service/rules/ruleInfo';
import type { Position } from './service/zone/lineIndex';
import { parseZone } from './service/zone/parser';
import type { IncludeHost, ParsedZone, Severity, ZoneDiagnostic } from './service/zone/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Time to wait after the last keystroke before linting. */
const DEBOUNCE_MS = 150;

/** Offsets to positions and back: the text document already keeps its line table. */
export interface Positions {
  position(offset: number): Position;
  offset(position: Position): number;
}

export function toLspDiagnostic(d: ZoneDiagnostic, lines: Positions): Diagnostic {
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

interface ParsedDocument {
  version: number;
  parsed: ParsedZone;
  lines: Positions;
}

/** One parse per document version, shared by every feature. */
const parseCache = new Map<string, ParsedDocument>();

function pathOf(uri: string): string {
  return uri.startsWith('file://') ? decodeURIComponent(uri.slice(7)) : uri;
}

export function parsedDocument(document: TextDocument, includeHost?: IncludeHost): ParsedDocument {
  const cached = parseCache.get(document.uri);
  if (cached && cached.version === document.version) return cached;
  const text = document.getText();
  const parsed = parseZone(text, { path: pathOf(document.uri), includeHost });
  const lines: Positions = { position: (o) => document.positionAt(o), offset: (p) => document.offsetAt(p) };
  const entry = { version: document.version, parsed, lines };
  parseCache.set(document.uri, entry);
  return entry;
}

/** Diagnostics of one document version: those of the document itself, not of included files. */
export function diagnosticsFor(document: TextDocument, ruleSeverities: Record<string, RuleSeverity> = {}, includeHost?: IncludeHost): Diagnostic[] {
  const { parsed, lines } = parsedDocument(document, includeHost);
  return lintParsed(parsed, { ruleSeverities }, () => undefined)
    .filter((d) => d.file === 0)
    .map((d) => toLspDiagnostic(d, lines));
}

/** What the process gives the server: the only ways it may reach files. */
export interface ServerRuntime {
  /** Reads $INCLUDE files below `root` only. */
  createIncludeHost?(root: string): IncludeHost;
}

export function startServer(connection: Connection, runtime: ServerRuntime = {}): void {
  const documents = new TextDocuments(TextDocument);
  // Workspace Trust: an untrusted workspace's zone files make the server read no other file.
  let trusted = false;
  let folders: string[] = [];
  const includeHostFor = (uri: string): IncludeHost | undefined => {
    if (!trusted || !runtime.createIncludeHost || !uri.startsWith('file://')) return undefined;
    const path = pathOf(uri);
    const root = folders.find((f) => path.startsWith(f.endsWith('/') ? f : f + '/')) ?? path.slice(0, path.lastIndexOf('/'));
    return runtime.createIncludeHost(root);
  };
  const parsedOf = (document: TextDocument) => parsedDocument(document, includeHostFor(document.uri));
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  let ruleSeverities: Record<string, RuleSeverity> = {};
  let reportedProblems = '';

  /** Reads `zonelint.rules`; invalid entries are reported once and ignored. */
  const applySettings = (settings: unknown) => {
    const rules = (settings as { zonelint?: { rules?: unknown } } | undefined)?.zonelint?.rules;
    const { valid, problems } = validateRuleSeverities(rules);
    ruleSeverities = valid;
    const text = problems.join('\n');
    if (text && text !== reportedProblems) connection.window.showWarningMessage(`Zonelint settings: ${text}`);
    reportedProblems = text;
    for (const document of documents.all()) schedule(document, 0);
  };
  connection.onDidChangeConfiguration((change) => applySettings(change.settings));

  connection.onInitialize((params) => {
    // Editors without Workspace Trust send no flag: their user chose to open the folder.
    trusted = (params.initializationOptions as { trusted?: boolean } | undefined)?.trusted !== false;
    folders = (params.workspaceFolders ?? []).map((f) => pathOf(f.uri));
    if (folders.length === 0 && params.rootUri) folders = [pathOf(params.rootUri)];
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        documentFormattingProvider: true,
        completionProvider: { triggerCharacters: [' ', '=', ':', ';', '"', '$', '_'] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND] },
        inlayHintProvider: true,
      },
      serverInfo: { name: 'zonelint-language-server', version: '0.1.0' },
    };
  });
  connection.onNotification('zonelint/workspaceTrusted', () => {
    trusted = true;
    parseCache.clear();
    for (const document of documents.all()) schedule(document, 0);
  });

  const withDocument = <T>(uri: string, empty: T, run: (document: TextDocument) => T): T => {
    const document = documents.get(uri);
    if (!document) return empty;
    try {
      return run(document);
    } catch (e) {
      connection.console.error(`zonelint: request on ${uri} failed: ${(e as Error).stack ?? e}`);
      return empty;
    }
  };
  connection.onDocumentSymbol((p) => withDocument(p.textDocument.uri, [], (d) => documentSymbols(parsedOf(d).parsed, d.getText())));
  connection.onFoldingRanges((p) => withDocument(p.textDocument.uri, [], (d) => foldingRanges(parsedOf(d).parsed, d.getText())));
  connection.onCompletion((p) =>
    withDocument(p.textDocument.uri, [], (d) => {
      const { parsed, lines } = parsedOf(d);
      return completions(parsed, d.getText(), lines.offset(p.position));
    }),
  );
  connection.onCodeAction((p) =>
    withDocument(p.textDocument.uri, [], (d) => {
      const { parsed, lines } = parsedOf(d);
      const text = d.getText();
      const all = lintParsed(parsed, { ruleSeverities }, () => undefined).filter((z) => z.file === 0);
      const only = p.context.only;
      if (only && only.some((k) => FIX_ALL_KIND.startsWith(k) || k === 'source')) {
        const action = fixAllAction(parsed, text, all, d.uri);
        return action ? [action] : [];
      }
      const start = lines.offset(p.range.start);
      const end = lines.offset(p.range.end);
      const inRange = all.filter((z) => z.start <= end && z.end >= start);
      return codeActions(parsed, text, inRange, d.uri, (z) => toLspDiagnostic(z, lines));
    }),
  );
  connection.onHover((p) =>
    withDocument(p.textDocument.uri, null, (d) => {
      const { parsed, lines } = parsedOf(d);
      return hover(parsed, d.getText(), lines.offset(p.position));
    }),
  );
  connection.languages.inlayHint.on((p) =>
    withDocument(p.textDocument.uri, [], (d) => {
      const { parsed, lines } = parsedOf(d);
      return inlayHints(parsed, d.getText(), lines.offset(p.range.start), lines.offset(p.range.end));
    }),
  );
  connection.onDocumentFormatting((p) => withDocument(p.textDocument.uri, [], (d) => formatZone(parsedOf(d).parsed, d.getText(), p.options)));

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
          connection.sendDiagnostics({ uri, version: current.version, diagnostics: diagnosticsFor(current, ruleSeverities, includeHostFor(uri)) });
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
    parseCache.delete(e.document.uri);
    connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  documents.listen(connection);
  connection.listen();
}
