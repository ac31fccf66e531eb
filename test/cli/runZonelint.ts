// Runs the zonelint command (bin/zonelint.js) as a user would, without a shell.
import { execFile } from 'node:child_process';
import { join } from 'node:path';

export const REPO = join(__dirname, '..', '..');
export const BIN = join(REPO, 'bin', 'zonelint.js');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a program and collect its exit status and output (never rejects on a non-zero exit). */
export function run(file: string, args: string[], options: { cwd?: string; timeout?: number } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: options.cwd ?? REPO, timeout: options.timeout ?? 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? Number((error as { code?: unknown }).code) : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) + (error && code === -1 ? String(error.message) : '') });
    });
  });
}

export function zonelint(args: string[], options: { cwd?: string } = {}): Promise<RunResult> {
  return run(process.execPath, [BIN, ...args], options);
}

/** Run async jobs with at most `limit` at a time. */
export async function pool<T, R>(items: readonly T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await job(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}
