// LSP glue: documents, diagnostics on open and change. The only module that knows the
// language server protocol; it hands every request to the pure language service.
import type { Connection } from 'vscode-languageserver';
import { DiagnosticSeverity, TextDocumentSyncKind, type Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions, FIX_ALL_KIND, fixAllAction } from './service/features/codeActions';
import { completions } from './service/features/completion';
import { documentSymbols } from './service/features/documentSymbols';
import { foldingRanges } from './service/features/foldingRanges';
import { formatZone } from './service/features/formatting';
import { hover } from './service/features/hover';
import { inlayHints } from './service/features/inlayHints';
import { lintParsed } from './service/lint';
import { inProcessLinter, type LintOutcome, type LintRequest, type Linter } from './lintJob';
import { OpenDocuments } from './documents';
import { describeLeft } from './problemLimit';
import { defaultSettings, originFor, readSettings, type Feature, type ServerSettings } from './settings';
import { ruleDocsUrl } from './service/rules/ruleInfo';
import type { Position } from './service/zone/lineIndex';
import { parseZone, reparseZone } from './service/zone/parser';
import type { IncludeHost, ParsedZone, Severity, ZoneDiagnostic } from './service/zone/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * The debounce: a change that follows the previous one within this time (typing) waits until the
 * document has been quiet this long; a change after a pause (a quick fix, a paste, the first
 * keystroke) is linted at once. The wait grows with the size of the document (one millisecond
 * per DEBOUNCE_BYTES_PER_MS characters), so a large zone is not linted for every keystroke of a
 * word. Lints run off the request loop, and one that a newer version overtakes is cancelled.
 */
const DEBOUNCE_MS = 50;
const MIN_DEBOUNCE_MS = 5;
const DEBOUNCE_BYTES_PER_MS = 200_000;

/** Offsets to positions and back: the text document already keeps its line table. */
export interface Positions {
  position(offset: number): Position;
  offset(position: Position): number;
}

/** The document's own line table as Positions. */
function positionsOf(document: TextDocument): Positions {
  return { position: (o) => document.positionAt(o), offset: (p) => document.offsetAt(p) };
}

/** One CodeDescription per rule, shared by its diagnostics. */
const codeDescriptions = new Map<string, { href: string }>();

function codeDescription(code: string): { href: string } {
  let found = codeDescriptions.get(code);
  if (!found) codeDescriptions.set(code, (found = { href: ruleDocsUrl(code) }));
  return found;
}

/**
 * The LSP form of a diagnostic. A diagnostic's `data` (what its quick fixes need) stays in the
 * server, which answers code actions from the diagnostics it published: on a large zone the fix
 * data would make every publication much larger for nothing.
 */
export function toLspDiagnostic(d: ZoneDiagnostic, lines: Positions): Diagnostic {
  return {
    range: { start: lines.position(d.start), end: lines.position(d.end) },
    severity: SEVERITY[d.severity],
    code: d.code,
    codeDescription: codeDescription(d.code),
    source: 'zonelint',
    message: d.message,
  };
}

/** The note published in place of the diagnostics left out, at the start of the file. */
function leftOutNote(uri: string, shown: number, total: number, left: string): Diagnostic {
  const path = pathOf(uri);
  const name = path.slice(path.lastIndexOf('/') + 1);
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: 'zonelint',
    message:
      `Zonelint lists ${shown.toLocaleString('en-US')} of the ${total.toLocaleString('en-US')} problems in ${name}, the most severe first; not listed: ${left}. ` +
      `Raise the setting zonelint.maxNumberOfProblems to list more, or run \`zonelint ${name}\` for all of them.`,
  };
}

interface ParsedDocument {
  version: number;
  origin: string | undefined;
  parsed: ParsedZone;
  lines: Positions;
}

function pathOf(uri: string): string {
  return uri.startsWith('file://') ? decodeURIComponent(uri.slice(7)) : uri;
}

/** What the process gives the server: the only ways it may reach files and the network. */
export interface ServerRuntime {
  /** Reads $INCLUDE files below `root` only. */
  createIncludeHost?(root: string): IncludeHost;
  /**
   * Runs lints off the request loop; without it they run in the server's own thread. `currentText`
   * gives a document's current version and text, should the linter have to start again.
   */
  createLinter?(log: (message: string) => void, currentText: (uri: string) => { version: number; text: string } | undefined): Linter;
}

export function startServer(connection: Connection, runtime: ServerRuntime = {}): void {
  const documents = new OpenDocuments();
  const log = (message: string) => connection.console.error(message);
  const currentText = (uri: string) => {
    const document = documents.get(uri);
    return document && { version: document.version, text: document.getText() };
  };
  const linter = runtime.createLinter?.(log, currentText) ?? inProcessLinter({ createIncludeHost: runtime.createIncludeHost, log });
  // Workspace Trust: an untrusted workspace's zone files make the server read no other file
  // and send no DNS query.
  let trusted = false;
  let folders: string[] = [];
  let settings: ServerSettings = defaultSettings();
  let reportedProblems = '';
  /** One parse per document version, shared by every feature. */
  const parseCache = new Map<string, ParsedDocument>();
  /** The version whose diagnostics were last published, by document. */
  const published = new Map<string, number>();
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const running = new Map<string, () => void>();
  /** When each document last changed (performance.now()), for the debounce. */
  const lastChange = new Map<string, number>();

  const includeRootFor = (uri: string): string | undefined => {
    if (!trusted || !uri.startsWith('file://')) return undefined;
    const path = pathOf(uri);
    return folders.find((f) => path.startsWith(f.endsWith('/') ? f : f + '/')) ?? path.slice(0, path.lastIndexOf('/'));
  };
  const originOf = (uri: string) => originFor(settings, pathOf(uri), folders);

  const parsedOf = (document: TextDocument): ParsedDocument => {
    const origin = originOf(document.uri);
    const cached = parseCache.get(document.uri);
    if (cached && cached.version === document.version && cached.origin === origin) return cached;
    const root = runtime.createIncludeHost ? includeRootFor(document.uri) : undefined;
    const includeHost = root ? runtime.createIncludeHost!(root) : undefined;
    const options = { path: pathOf(document.uri), origin, includeHost };
    // The previous version's parse is re-used where the text did not change (and used up).
    parseCache.delete(document.uri);
    const parsed = cached ? reparseZone(cached.parsed, document.getText(), options) : parseZone(document.getText(), options);
    const lines = positionsOf(document);
    const entry = { version: document.version, origin, parsed, lines };
    parseCache.set(document.uri, entry);
    return entry;
  };

  /**
   * Every diagnostic of the document's current version: those of its published lint, which the
   * linter keeps (a publication carries at most settings.maxNumberOfProblems), or a lint here and now.
   */
  const currentDiagnostics = async (document: TextDocument): Promise<ZoneDiagnostic[]> => {
    const found = published.get(document.uri) === document.version ? await linter.diagnostics(document.uri, document.version) : undefined;
    return found ?? lintParsed(parsedOf(document).parsed, { ruleSeverities: settings.rules }, () => undefined).filter((d) => d.file === 0);
  };

  /** Publishes a lint's outcome, with a note on the diagnostics it leaves out. */
  const publish = (document: TextDocument, outcome: LintOutcome) => {
    published.set(document.uri, document.version);
    const lines = positionsOf(document);
    const sent = outcome.diagnostics.map((d) => toLspDiagnostic(d, lines));
    if (outcome.left) sent.push(leftOutNote(document.uri, outcome.diagnostics.length, outcome.total ?? 0, describeLeft(outcome.left)));
    connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: sent });
  };

  /** Lints the newest version of a document. */
  const lint = (uri: string) => {
    running.get(uri)?.();
    const version = documents.version(uri);
    if (version === undefined) return;
    if (!settings.features.diagnostics) {
      running.delete(uri);
      published.delete(uri);
      connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const request: LintRequest = {
      uri,
      version,
      path: pathOf(uri),
      origin: originOf(uri),
      ruleSeverities: settings.rules,
      includeRoot: includeRootFor(uri),
      dns: trusted && settings.dns.enabled ? settings.dns : undefined,
      maxProblems: settings.maxNumberOfProblems,
    };
    const cancel = linter.lint(request, (outcome) => {
      // A newer version replaced this one while it was linted: its own lint will publish.
      if (documents.version(uri) !== outcome.version) return;
      publish(documents.get(uri)!, outcome);
    });
    running.set(uri, cancel);
    // The server's own copy takes the changes while the worker lints.
    setImmediate(() => documents.get(uri));
  };

  /** Lints the document now, or after `delay` ms unless it changes again by then. */
  const schedule = (uri: string, delay: number) => {
    clearTimeout(pending.get(uri));
    pending.delete(uri);
    // The lint of an older version is no use any more.
    running.get(uri)?.();
    if (delay === 0) return lint(uri);
    const version = documents.version(uri);
    pending.set(
      uri,
      setTimeout(() => {
        pending.delete(uri);
        if (documents.version(uri) === version) lint(uri);
      }, delay),
    );
  };
  const debounceFor = (uri: string) => Math.min(DEBOUNCE_MS, Math.max(MIN_DEBOUNCE_MS, Math.round(documents.length(uri) / DEBOUNCE_BYTES_PER_MS)));
  const relintAll = () => {
    parseCache.clear();
    for (const uri of documents.uris()) schedule(uri, 0);
  };

  /** Reads the `zonelint` settings; invalid entries are reported once and ignored. */
  const applySettings = (value: unknown) => {
    const read = readSettings(value);
    settings = read.settings;
    const text = read.problems.join('\n');
    if (text && text !== reportedProblems) connection.window.showWarningMessage(`Zonelint settings: ${text}`);
    reportedProblems = text;
    relintAll();
  };
  connection.onDidChangeConfiguration((change) => applySettings(change.settings));

  connection.onInitialize((params) => {
    const init = params.initializationOptions as { trusted?: boolean; settings?: unknown } | undefined;
    // Editors without Workspace Trust send no flag: their user chose to open the folder.
    trusted = init?.trusted !== false;
    if (init?.settings !== undefined) settings = readSettings({ zonelint: init.settings }).settings;
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
    relintAll();
  });

  /** Runs a request on an open document when its feature is on; a failure is logged and answered empty. */
  const withDocument = <T>(feature: Feature, uri: string, empty: T, run: (document: TextDocument) => T): T => {
    const document = documents.get(uri);
    if (!document || !settings.features[feature]) return empty;
    try {
      return run(document);
    } catch (e) {
      log(`zonelint: request on ${uri} failed: ${(e as Error).stack ?? e}`);
      return empty;
    }
  };
  /** Documents whose outline or folding list was cut, told once each. */
  const toldCut = new Set<string>();
  const itemLimit = (uri: string, what: 'outline' | 'folding ranges') => ({
    maxItems: settings.maxItemsComputed,
    onLimit: () => {
      if (toldCut.has(`${what} ${uri}`)) return;
      toldCut.add(`${what} ${uri}`);
      const path = pathOf(uri);
      const name = path.slice(path.lastIndexOf('/') + 1);
      connection.window.showInformationMessage(
        `Zonelint: the ${what} of ${name} ${what === 'outline' ? 'shows' : 'cover'} only the start of the file, the first ${settings.maxItemsComputed} items; raise the setting zonelint.maxItemsComputed for more.`,
      );
    },
  });
  connection.onDocumentSymbol((p) => withDocument('documentSymbols', p.textDocument.uri, [], (d) => documentSymbols(parsedOf(d).parsed, d.getText(), itemLimit(d.uri, 'outline'))));
  connection.onFoldingRanges((p) => withDocument('folding', p.textDocument.uri, [], (d) => foldingRanges(parsedOf(d).parsed, d.getText(), itemLimit(d.uri, 'folding ranges'))));
  connection.onCompletion((p) =>
    withDocument('completion', p.textDocument.uri, [], (d) => {
      const { parsed, lines } = parsedOf(d);
      return completions(parsed, d.getText(), lines.offset(p.position));
    }),
  );
  connection.onCodeAction(async (p) => {
    const document = documents.get(p.textDocument.uri);
    if (!document || !settings.features.codeActions) return [];
    const version = document.version;
    try {
      const all = await currentDiagnostics(document);
      // The document may have changed while the linter answered: the answer is for the text it has now.
      return withDocument('codeActions', p.textDocument.uri, [], (d) => {
        if (d.version !== version) return [];
        const { parsed, lines } = parsedOf(d);
        const text = d.getText();
        const only = p.context.only;
        if (only && only.some((k) => FIX_ALL_KIND.startsWith(k) || k === 'source')) {
          const action = fixAllAction(parsed, text, all, d.uri);
          return action ? [action] : [];
        }
        const start = lines.offset(p.range.start);
        const end = lines.offset(p.range.end);
        const inRange = all.filter((z) => z.start <= end && z.end >= start);
        return codeActions(parsed, text, inRange, d.uri, (z) => toLspDiagnostic(z, lines));
      });
    } catch (e) {
      log(`zonelint: request on ${p.textDocument.uri} failed: ${(e as Error).stack ?? e}`);
      return [];
    }
  });
  connection.onHover((p) =>
    withDocument('hover', p.textDocument.uri, null, (d) => {
      const { parsed, lines } = parsedOf(d);
      return hover(parsed, d.getText(), lines.offset(p.position));
    }),
  );
  connection.languages.inlayHint.on((p) =>
    withDocument('inlayHints', p.textDocument.uri, [], (d) => {
      const { parsed, lines } = parsedOf(d);
      return inlayHints(parsed, d.getText(), lines.offset(p.range.start), lines.offset(p.range.end));
    }),
  );
  connection.onDocumentFormatting((p) => withDocument('formatting', p.textDocument.uri, [], (d) => formatZone(parsedOf(d).parsed, d.getText(), p.options)));

  const closed = (uri: string) => {
    clearTimeout(pending.get(uri));
    pending.delete(uri);
    lastChange.delete(uri);
    running.get(uri)?.();
    running.delete(uri);
    parseCache.delete(uri);
    published.delete(uri);
    linter.forget(uri);
    connection.sendDiagnostics({ uri, diagnostics: [] });
  };
  documents.listen(connection, {
    opened(uri, version, text) {
      linter.update(uri, version, { text });
      schedule(uri, 0);
    },
    changing: (uri, version, change) => linter.update(uri, version, change),
    changed(uri) {
      const wait = debounceFor(uri);
      const now = performance.now();
      const previous = lastChange.get(uri);
      lastChange.set(uri, now);
      const afterPause = previous === undefined || (now - previous >= wait && !pending.has(uri));
      schedule(uri, afterPause ? 0 : wait);
    },
    closed,
  });
  connection.onShutdown(() => linter.dispose());
  connection.listen();
}
