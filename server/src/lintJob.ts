// One lint of one document version, as the server runs it: parse, offline rules, then (when
// allowed) the live rules. The same job runs in the lint worker and, where no worker can be
// started, in the server's own thread; it stops early when the version is superseded.
import type { DnsSettings } from './settings';
import { HAS_LIVE_RULES, LintCancelled, lintLive, lintParsed, type IsCancelled, type Resolver, type RuleSeverity } from './service/lint';
import { parseZone, reparseZone } from './service/zone/parser';
import type { IncludeHost, ParsedZone, ZoneDiagnostic } from './service/zone/types';

export interface LintRequest {
  uri: string;
  version: number;
  text: string;
  /** File path, for $INCLUDE and origin inference. */
  path: string;
  /** Origin from the settings; inferred when absent. */
  origin?: string;
  ruleSeverities: Record<string, RuleSeverity>;
  /** Folder below which $INCLUDE may read; absent in an untrusted workspace. */
  includeRoot?: string;
  /** Live lookup settings; absent when lookups are not allowed (setting off, untrusted workspace). */
  dns?: DnsSettings;
}

export interface LintOutcome {
  uri: string;
  version: number;
  /** Diagnostics of the document itself (file 0), sorted by position. */
  diagnostics: ZoneDiagnostic[];
  /** True for the result with live lookups, which follows the offline one. */
  live: boolean;
}

/** What the process lets a lint reach. */
export interface LintEnvironment {
  createIncludeHost?(root: string): IncludeHost;
  createResolver?(dns: DnsSettings): Resolver;
  /** Logs a rule that threw; the lint goes on without it. */
  log?(message: string): void;
}

/**
 * The last parse of each document, which the next version's parse re-uses where the text did
 * not change (reparseZone). An entry is taken out while it is used: a parse that is cancelled
 * half-way leaves nothing behind.
 */
export type ParseCache = Map<string, ParsedZone>;

/**
 * Runs one request; `emit` gets the offline result and then, if there is one, the live result.
 * With `parses`, the document's previous parse is re-used where the text did not change.
 */
export async function runLintJob(request: LintRequest, env: LintEnvironment, isCancelled: IsCancelled, emit: (outcome: LintOutcome) => void, parses?: ParseCache): Promise<void> {
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
    const parsed = previous ? reparseZone(previous, request.text, parseOptions) : parseZone(request.text, parseOptions);
    parses?.set(request.uri, parsed);
    const offline = lintParsed(parsed, options, onRuleError);
    emit({ uri: request.uri, version: request.version, diagnostics: own(offline), live: false });
    if (!request.dns?.enabled || !HAS_LIVE_RULES || !env.createResolver) return;
    const live = own(await lintLive(parsed, env.createResolver(request.dns), options, onRuleError, offline));
    if (!isCancelled()) emit({ uri: request.uri, version: request.version, diagnostics: live, live: true });
  } catch (error) {
    if (!(error instanceof LintCancelled)) throw error;
  }
}

/** Where the server sends its lint requests. */
export interface Linter {
  /** Starts a lint; the returned function cancels it. */
  lint(request: LintRequest, emit: (outcome: LintOutcome) => void): () => void;
  /** Drops what the linter keeps for a document (it was closed). */
  forget(uri: string): void;
  dispose(): void;
}

/** A linter in the server's own thread: it yields between requests, and a cancelled request that has not started never runs. */
export function inProcessLinter(env: LintEnvironment): Linter {
  const parses: ParseCache = new Map();
  return {
    lint(request, emit) {
      let cancelled = false;
      setImmediate(() => {
        if (cancelled) return;
        runLintJob(request, env, () => cancelled, emit, parses).catch((error) => env.log?.(`zonelint: linting ${request.uri} failed: ${(error as Error)?.stack ?? error}`));
      });
      return () => {
        cancelled = true;
      };
    },
    forget(uri) {
      parses.delete(uri);
    },
    dispose() {},
  };
}
