// The `zonelint.*` settings as the server uses them, read from whatever the client sends and
// checked, so that a wrong entry is reported once and ignored rather than breaking a feature.
import picomatch from 'picomatch';
import { validateRuleSeverities, type RuleSeverity } from './service/lint';
import { parseDnsServer } from './node/dnsServers';

/** The editor features that can each be switched off. */
export const FEATURES = ['diagnostics', 'hover', 'completion', 'codeActions', 'formatting', 'documentSymbols', 'folding', 'inlayHints'] as const;
export type Feature = (typeof FEATURES)[number];

export interface DnsSettings {
  /** Live lookups allowed (they also need a trusted workspace). */
  enabled: boolean;
  /** Servers to ask, `host` or `host:port`; empty: the system's resolvers. */
  servers: string[];
  timeoutMs: number;
  maxQueries: number;
}

export interface ServerSettings {
  rules: Record<string, RuleSeverity>;
  /** Origins by file glob, in the order given: the first glob that matches wins. */
  origins: { glob: string; origin: string; matches: (path: string) => boolean }[];
  features: Record<Feature, boolean>;
  dns: DnsSettings;
  /** Most outline symbols and folding ranges computed for a document. */
  maxItemsComputed: number;
  /** Most diagnostics published for a document (the note on the ones left out included). */
  maxNumberOfProblems: number;
}

export const DEFAULT_DNS: DnsSettings = { enabled: false, servers: [], timeoutMs: 2000, maxQueries: 100 };

/** An outline or folding list longer than this is of no use to a reader and costs the editor seconds on a large zone. */
export const DEFAULT_MAX_ITEMS_COMPUTED = 5000;

/**
 * VS Code's extension host shows at most 1000 diagnostics of an extension per file (errors first);
 * a large zone can have many thousands, and sending them all after every change costs time for nothing.
 */
export const DEFAULT_MAX_NUMBER_OF_PROBLEMS = 1000;

export function defaultSettings(): ServerSettings {
  return {
    rules: {},
    origins: [],
    features: Object.fromEntries(FEATURES.map((f) => [f, true])) as Record<Feature, boolean>,
    dns: { ...DEFAULT_DNS },
    maxItemsComputed: DEFAULT_MAX_ITEMS_COMPUTED,
    maxNumberOfProblems: DEFAULT_MAX_NUMBER_OF_PROBLEMS,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const ORIGIN = /^(?:\.|(?:[A-Za-z0-9_*-]+(?:\.[A-Za-z0-9_-]+)*\.?))$/;

/** Reads `settings.zonelint`; every entry that cannot be used is named in `problems`. */
export function readSettings(settings: unknown): { settings: ServerSettings; problems: string[] } {
  const out = defaultSettings();
  const problems: string[] = [];
  const z = isRecord(settings) && isRecord(settings.zonelint) ? settings.zonelint : {};

  const rules = validateRuleSeverities(z.rules);
  out.rules = rules.valid;
  problems.push(...rules.problems);

  if (z.origins !== undefined) {
    if (!isRecord(z.origins)) problems.push('zonelint.origins must be an object of "glob": "origin" entries.');
    else {
      for (const [glob, origin] of Object.entries(z.origins)) {
        if (typeof origin !== 'string' || !ORIGIN.test(origin.trim())) {
          problems.push(`zonelint.origins: "${glob}" needs a domain name as its origin, such as "example.com.".`);
          continue;
        }
        const name = origin.trim();
        out.origins.push({ glob, origin: name.endsWith('.') ? name : name + '.', matches: picomatch(glob, { dot: true }) });
      }
    }
  }

  for (const f of FEATURES) {
    const entry = z[f];
    if (entry === undefined) continue;
    const enabled = isRecord(entry) ? entry.enabled : undefined;
    if (typeof enabled === 'boolean') out.features[f] = enabled;
    else problems.push(`zonelint.${f}.enabled must be true or false.`);
  }

  if (z.dns !== undefined) {
    const dns = isRecord(z.dns) ? z.dns : {};
    if (dns.enabled !== undefined) {
      if (typeof dns.enabled === 'boolean') out.dns.enabled = dns.enabled;
      else problems.push('zonelint.dns.enabled must be true or false.');
    }
    if (dns.servers !== undefined) {
      const list = Array.isArray(dns.servers) ? dns.servers : [];
      if (!Array.isArray(dns.servers)) problems.push('zonelint.dns.servers must be a list of servers such as "192.0.2.53" or "192.0.2.53:5353".');
      for (const s of list) {
        if (typeof s === 'string' && parseDnsServer(s)) out.dns.servers.push(s.trim());
        else problems.push(`zonelint.dns.servers: ${JSON.stringify(s)} is not a server address such as "192.0.2.53" or "192.0.2.53:5353".`);
      }
    }
    const int = (key: 'timeoutMs' | 'maxQueries', min: number, max: number) => {
      const v = dns[key];
      if (v === undefined) return;
      if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) out.dns[key] = v;
      else problems.push(`zonelint.dns.${key} must be a whole number from ${min} to ${max}.`);
    };
    int('timeoutMs', 100, 60000);
    int('maxQueries', 0, 10000);
  }
  if (z.maxItemsComputed !== undefined) {
    const v = z.maxItemsComputed;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) out.maxItemsComputed = v;
    else problems.push('zonelint.maxItemsComputed must be a whole number, 0 or more.');
  }
  if (z.maxNumberOfProblems !== undefined) {
    const v = z.maxNumberOfProblems;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 1) out.maxNumberOfProblems = v;
    else problems.push('zonelint.maxNumberOfProblems must be a whole number, 1 or more.');
  }
  return { settings: out, problems };
}

/**
 * The origin the settings give a file: globs are matched against the path relative to each
 * workspace folder that holds it, and against the absolute path.
 */
export function originFor(settings: ServerSettings, path: string, folders: readonly string[]): string | undefined {
  if (settings.origins.length === 0) return undefined;
  const candidates = [path];
  for (const f of folders) {
    const dir = f.endsWith('/') ? f : f + '/';
    if (path.startsWith(dir)) candidates.unshift(path.slice(dir.length));
  }
  for (const o of settings.origins) if (candidates.some((c) => o.matches(c))) return o.origin;
  return undefined;
}
