// What a lint may reach in a node process: $INCLUDE files below a root folder, and DNS.
import type { LintEnvironment } from '../lintJob';
import { createFsIncludeHost } from './includeHost';

export function nodeLintEnvironment(log: (message: string) => void): LintEnvironment {
  return { createIncludeHost: createFsIncludeHost, log };
}
