// The lint worker thread: runs lint jobs off the language server's request loop. The server
// cancels a job by setting its slot in a shared flag array, which the job reads between phases.
import { parentPort, workerData } from 'node:worker_threads';
import { DocumentTexts, LintResults, runKnownJob, type DocumentChange, type LintRequest, type ParseCache } from '../lintJob';
import { nodeLintEnvironment } from './lintEnvironment';
import { warmUpSteps } from '../warmUp';

interface JobMessage {
  id: number;
  slot: number;
  request: LintRequest;
}

interface ForgetMessage {
  forget: string;
}

interface QueryMessage {
  query: number;
  uri: string;
  version: number;
}

interface UpdateMessage {
  update: string;
  version: number;
  change: DocumentChange;
}

const flags = new Int32Array((workerData as { flags: SharedArrayBuffer }).flags);
const port = parentPort!;
const env = nodeLintEnvironment((message) => port.postMessage({ log: message }));
const parses: ParseCache = new Map();
const texts = new DocumentTexts();
const results = new LintResults();

port.on('message', (message: JobMessage | ForgetMessage | UpdateMessage | QueryMessage) => {
  if ('update' in message) {
    texts.update(message.update, message.version, message.change);
    return;
  }
  if ('query' in message) {
    port.postMessage({ answer: message.query, diagnostics: results.get(message.uri, message.version) });
    return;
  }
  if ('forget' in message) {
    parses.delete(message.forget);
    texts.delete(message.forget);
    results.delete(message.forget);
    return;
  }
  const { id, slot, request } = message;
  const isCancelled = () => Atomics.load(flags, slot) !== id;
  void runKnownJob(request, texts, env, isCancelled, (outcome) => port.postMessage({ id, outcome }), parses, results).finally(() => {
    port.postMessage({ id, done: true });
    warmUp();
  });
});

/** After the first job, the warm-up runs a step at a time between the messages the worker gets. */
let warming: (() => boolean) | undefined | null;
function warmUp(): void {
  if (warming !== undefined) return;
  warming = warmUpSteps();
  const next = () => {
    try {
      if (warming?.()) setImmediate(next);
      else warming = null;
    } catch {
      warming = null;
    }
  };
  setImmediate(next);
}
