// The lint worker thread: runs lint jobs off the language server's request loop. The server
// cancels a job by setting its slot in a shared flag array, which the job reads between phases.
import { parentPort, workerData } from 'node:worker_threads';
import { runLintJob, type LintRequest, type ParseCache } from '../lintJob';
import { nodeLintEnvironment } from './lintEnvironment';

interface JobMessage {
  id: number;
  slot: number;
  request: LintRequest;
}

interface ForgetMessage {
  forget: string;
}

const flags = new Int32Array((workerData as { flags: SharedArrayBuffer }).flags);
const port = parentPort!;
const env = nodeLintEnvironment((message) => port.postMessage({ log: message }));
const parses: ParseCache = new Map();

port.on('message', (message: JobMessage | ForgetMessage) => {
  if ('forget' in message) {
    parses.delete(message.forget);
    return;
  }
  const { id, slot, request } = message;
  const isCancelled = () => Atomics.load(flags, slot) !== id;
  runLintJob(request, env, isCancelled, (outcome) => port.postMessage({ id, outcome }), parses)
    .catch((error) => port.postMessage({ log: `zonelint: linting ${request.uri} failed: ${(error as Error)?.stack ?? error}` }))
    .finally(() => port.postMessage({ id, done: true }));
});
