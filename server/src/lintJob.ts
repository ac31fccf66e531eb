// One lint of one document version, as the server runs it: parse, offline rules, then (when
// allowed) the live rules. The same job runs in the lint worker and, where no worker can be
// started, in the server's own thread; it stops early when the version is superseded.
import type { DnsSettings } from './settings';
import { HAS_LIVE_RULES, LintCancelled, lintLive, type IsCancelled, type Resolver, type RuleSeverity } from './service/lint';
import { lintWithState, type LintState } from './service/incremental';
import { parseZone, reparseZone } from './service/zone/parser';
import type { IncludeHost, ParsedZone, Severity, ZoneDiagnostic } from './service/zone/types';
import { limitProblems } from './problemLimit';

export interface LintRequest {
  uri: string;
  /** The version to lint, whose text the linter was given by `update`. */
  version: number;
  /** File path, for $INCLUDE and origin inference. */
  path: string;
  /** Origin from the settings; inferred when absent. */
  origin?: string;
  ruleSeverities: Record<string, RuleSeverity>;
  /** Folder below which $INCLUDE may read; absent in an untrusted workspace. */
  includeRoot?: string;
  /** Live lookup settings; absent when lookups are not allowed (setting off, untrusted workspace). */
  dns?: DnsSettings;
  /** Most diagnostics an outcome carries (errors first); the linter keeps them all for `diagnostics`. */
  maxProblems?: number;
}

export interface LintOutcome {
  uri: string;
  version: number;
  /** Diagnostics of the document itself (file 0) in file order: all, or the most severe maxProblems - 1 of them. */
  diagnostics: ZoneDiagnostic[];
  /** True for the result with live lookups, which follows the offline one. */
  live: boolean;
  /** How many there are in all, and of each severity how many were left out, when some were. */
  total?: number;
  left?: Record<Severity, number>;
}

/** What the process lets a lint reach. */
export interface LintEnvironment {
  createIncludeHost?(root: string): IncludeHost;
  createResolver?(dns: DnsSettings): Resolver;
  /** Logs a rule that threw; the lint goes on without it. */
  log?(message: string): void;
}

/** A change of a document: its whole new text, or the span [start, end) of the previous version's text replaced. */
export type DocumentChange = { text: string } | { start: number; end: number; text: string };

/**
 * The text of each open document as a linter knows it. Documents reach a linter as their changes,
 * not as their whole text on every version: copying the text of a large zone to the lint worker
 * cost more than its re-parse. Changes are kept as pieces of the last whole text until a lint
 * needs the text, which is then made in one copy: editing a string of megabytes change by change
 * would copy all of it on each keystroke.
 */
export class DocumentTexts {
  private readonly texts = new Map<string, { version: number; base: string; pieces?: (string | [number, number])[] }>();

  update(uri: string, version: number, change: DocumentChange): void {
    if (!('start' in change)) {
      this.texts.set(uri, { version, base: change.text });
      return;
    }
    const known = this.texts.get(uri);
    if (!known) return;
    known.version = version;
    known.pieces = replacePieces(known.pieces ?? [[0, known.base.length]], known.base, change.start, change.end, change.text);
  }

  /** The text of this version, if it is the one known. */
  text(uri: string, version: number): string | undefined {
    const known = this.texts.get(uri);
    if (!known || known.version !== version) return undefined;
    if (known.pieces) {
      const base = known.base;
      known.base = known.pieces.map((p) => (typeof p === 'string' ? p : base.slice(p[0], p[1]))).join('');
      known.pieces = undefined;
    }
    return known.base;
  }

  delete(uri: string): void {
    this.texts.delete(uri);
  }
}

/** Pieces (strings, or spans of `base`) with the text from `start` to `end` replaced by `text`. */
function replacePieces(pieces: (string | [number, number])[], base: string, start: number, end: number, text: string): (string | [number, number])[] {
  const out: (string | [number, number])[] = [];
  let at = 0;
  let placed = false;
  const place = () => {
    if (!placed && text) out.push(text);
    placed = true;
  };
  for (const p of pieces) {
    const length = typeof p === 'string' ? p.length : p[1] - p[0];
    const from = at;
    const to = at + length;
    at = to;
    // The part of the piece before `start`, then the new text, then the part after `end`.
    if (from < start) out.push(cut(p, 0, Math.min(length, start - from)));
    if (to >= start) place();
    if (to > end) out.push(cut(p, Math.max(0, end - from), length));
  }
  place();
  return out.filter((p) => (typeof p === 'string' ? p.length > 0 : p[1] > p[0]));
  function cut(p: string | [number, number], a: number, b: number): string | [number, number] {
    return typeof p === 'string' ? p.slice(a, b) : [p[0] + a, p[0] + b];
  }
}

/**
 * The last parse of each document, which the next version's parse re-uses where the text did
 * not change (reparseZone). An entry is taken out while it is used: a parse that is cancelled
 * half-way leaves nothing behind.
 */
export type ParseCache = Map<string, ParsedZone>;

/** What the lint of a cached parse leaves for the lint of the next version (see lintWithState). */
const lintStates = new WeakMap<ParsedZone, LintState>();

/**
 * Runs one request; `emit` gets the offline result and then, if there is one, the live result.
 * With `parses`, the document's previous parse is re-used where the text did not change.
 */
export async function runLintJob(request: LintRequest, text: string, env: LintEnvironment, isCancelled: IsCancelled, emit: (outcome: LintOutcome) => void, parses?: ParseCache): Promise<void> {
  // While the user types, jobs queue up behind the running one and most are overtaken before they start.
  if (isCancelled()) return;
  const includeHost = request.includeRoot && env.createIncludeHost ? env.createIncludeHost(request.includeRoot) : undefined;
  const onRuleError = (id: string, error: unknown) => env.log?.(`zonelint: rule ${id} failed on ${request.uri}: ${(error as Error)?.stack ?? error}`);
  const options = { ruleSeverities: request.ruleSeverities, isCancelled };
  const own = (all: ZoneDiagnostic[]) => all.filter((d) => d.file === 0);
  try {
    const parseOptions = { path: request.path, origin: request.origin, includeHost, isCancelled };
    const previous = parses?.get(request.uri);
    parses?.delete(request.uri);
    const state = previous && lintStates.get(previous);
    const parsed = previous ? reparseZone(previous, text, parseOptions) : parseZone(text, parseOptions);
    parses?.set(request.uri, parsed);
    const linted = lintWithState(parsed, options, onRuleError, state);
    if (linted.state) lintStates.set(parsed, linted.state);
    const offline = linted.diagnostics;
    emit({ uri: request.uri, version: request.version, diagnostics: own(offline), live: false });
    if (!request.dns?.enabled || !HAS_LIVE_RULES || !env.createResolver) return;
    const live = own(await lintLive(parsed, env.createResolver(request.dns), options, onRuleError, offline));
    if (!isCancelled()) emit({ uri: request.uri, version: request.version, diagnostics: live, live: true });
  } catch (error) {
    if (!(error instanceof LintCancelled)) throw error;
  }
}

/** Where the server sends its documents' changes and its lint requests. */
export interface Linter {
  /** A document's text at `version`: given whole when opened, then change by change, in order. */
  update(uri: string, version: number, change: DocumentChange): void;
  /** Starts a lint of a version given by `update`; the returned function cancels it. */
  lint(request: LintRequest, emit: (outcome: LintOutcome) => void): () => void;
  /** Every diagnostic of the last lint of a document, if it was of this version (for code actions). */
  diagnostics(uri: string, version: number): Promise<ZoneDiagnostic[] | undefined>;
  /** Drops what the linter keeps for a document (it was closed). */
  forget(uri: string): void;
  dispose(): void;
}

/**
 * The last result of each document, whole: a large zone has thousands of diagnostics, and copying
 * them all from the lint worker after every change cost more than the lint. Outcomes carry the
 * most severe ones; code actions ask for the rest.
 */
export class LintResults {
  private readonly byUri = new Map<string, { version: number; diagnostics: ZoneDiagnostic[] }>();

  get(uri: string, version: number): ZoneDiagnostic[] | undefined {
    const last = this.byUri.get(uri);
    return last && last.version === version ? last.diagnostics : undefined;
  }

  delete(uri: string): void {
    this.byUri.delete(uri);
  }

  /** Keeps an outcome's diagnostics and returns it with at most `max` of them. */
  keep(outcome: LintOutcome, max: number | undefined): LintOutcome {
    this.byUri.set(outcome.uri, { version: outcome.version, diagnostics: outcome.diagnostics });
    if (max === undefined) return outcome;
    const { shown, left } = limitProblems(outcome.diagnostics, max);
    return left ? { ...outcome, diagnostics: shown, total: outcome.diagnostics.length, left } : outcome;
  }
}

/** Runs a job on the text `texts` has for its version; logs a job whose text is not known. */
export function runKnownJob(request: LintRequest, texts: DocumentTexts, env: LintEnvironment, isCancelled: IsCancelled, emit: (outcome: LintOutcome) => void, parses: ParseCache, results: LintResults): Promise<void> {
  const text = texts.text(request.uri, request.version);
  if (text === undefined) {
    env.log?.(`zonelint: version ${request.version} of ${request.uri} was never given to the linter`);
    return Promise.resolve();
  }
  const keep = (outcome: LintOutcome) => emit(results.keep(outcome, request.maxProblems));
  return runLintJob(request, text, env, isCancelled, keep, parses).catch((error) => env.log?.(`zonelint: linting ${request.uri} failed: ${(error as Error)?.stack ?? error}`));
}

/** A linter in the server's own thread: it yields between requests, and a cancelled request that has not started never runs. */
export function inProcessLinter(env: LintEnvironment): Linter {
  const parses: ParseCache = new Map();
  const texts = new DocumentTexts();
  const results = new LintResults();
  return {
    update(uri, version, change) {
      texts.update(uri, version, change);
    },
    lint(request, emit) {
      let cancelled = false;
      setImmediate(() => {
        if (!cancelled) void runKnownJob(request, texts, env, () => cancelled, emit, parses, results);
      });
      return () => {
        cancelled = true;
      };
    },
    diagnostics: async (uri, version) => results.get(uri, version),
    forget(uri) {
      parses.delete(uri);
      texts.delete(uri);
      results.delete(uri);
    },
    dispose() {},
  };
}
