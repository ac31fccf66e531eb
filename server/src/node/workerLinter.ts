// Lints in a worker thread, so that a long lint never holds up the server's answers to typing,
// hovers or completion. Each running job owns a slot of a shared flag array holding its id;
// cancelling clears the slot, and the job stops at its next check. If the worker cannot start
// or dies, the server falls back to linting in its own thread. The worker is given each document
// whole when it opens and then change by change, never the whole text again.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { inProcessLinter, type DocumentChange, type LintEnvironment, type LintOutcome, type LintRequest, type Linter } from '../lintJob';
import type { ZoneDiagnostic } from '../service/zone/types';

const SLOTS = 256;

/** A document's current version and text, from the server: what a fallback linter starts from. */
export type CurrentText = (uri: string) => { version: number; text: string } | undefined;

export function workerLinter(env: LintEnvironment, currentText: CurrentText, script = join(__dirname, 'lintWorker.js')): Linter {
  const flags = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
  const waiting = new Map<number, { request: LintRequest; emit: (outcome: LintOutcome) => void }>();
  const queries = new Map<number, (diagnostics: ZoneDiagnostic[] | undefined) => void>();
  let nextId = 1;
  let fallback: Linter | undefined;
  let worker: Worker | undefined;
  /** The documents given to the worker. */
  const known = new Set<string>();
  const startFallback = (): Linter => {
    const linter = inProcessLinter(env);
    for (const uri of known) {
      const current = currentText(uri);
      if (current) linter.update(uri, current.version, { text: current.text });
    }
    return linter;
  };
  const fail = (why: string) => {
    env.log?.(`zonelint: the lint worker stopped (${why}); linting continues in the server thread.`);
    worker = undefined;
    for (const answer of queries.values()) answer(undefined);
    queries.clear();
    fallback ??= startFallback();
    // The jobs the worker had not answered run again here on the current text: none is lost.
    const unanswered = [...waiting.values()];
    waiting.clear();
    for (const job of unanswered) {
      const version = currentText(job.request.uri)?.version;
      if (version !== undefined) fallback.lint({ ...job.request, version }, job.emit);
    }
  };
  try {
    worker = new Worker(script, { workerData: { flags: flags.buffer } });
    worker.unref();
    worker.on('message', (m: { id?: number; outcome?: LintOutcome; done?: boolean; log?: string; answer?: number; diagnostics?: ZoneDiagnostic[] }) => {
      if (m.log !== undefined) env.log?.(m.log);
      if (m.answer !== undefined) {
        queries.get(m.answer)?.(m.diagnostics);
        queries.delete(m.answer);
        return;
      }
      if (m.id === undefined) return;
      if (m.outcome) waiting.get(m.id)?.emit(m.outcome);
      if (m.done) waiting.delete(m.id);
    });
    worker.on('error', (e) => fail(e.message));
    worker.on('exit', (code) => {
      if (worker) fail(`exit code ${code}`);
    });
  } catch (e) {
    fail((e as Error).message);
  }
  return {
    update(uri: string, version: number, change: DocumentChange) {
      if (!worker) return (fallback ??= startFallback()).update(uri, version, change);
      known.add(uri);
      worker.postMessage({ update: uri, version, change });
    },
    lint(request, emit) {
      if (!worker) return (fallback ??= startFallback()).lint(request, emit);
      const id = nextId++;
      const slot = id % SLOTS;
      Atomics.store(flags, slot, id);
      waiting.set(id, { request, emit });
      worker.postMessage({ id, slot, request });
      return () => {
        waiting.delete(id);
        // Only this job's own id is cleared: the slot may already belong to a newer job.
        Atomics.compareExchange(flags, slot, id, 0);
      };
    },
    diagnostics(uri, version) {
      if (!worker) return (fallback ??= startFallback()).diagnostics(uri, version);
      const id = nextId++;
      worker.postMessage({ query: id, uri, version });
      return new Promise((resolve) => queries.set(id, resolve));
    },
    forget(uri) {
      known.delete(uri);
      if (worker) worker.postMessage({ forget: uri });
      else fallback?.forget(uri);
    },
    dispose() {
      const w = worker;
      worker = undefined;
      void w?.terminate();
    },
  };
}
