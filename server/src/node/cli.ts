// The zonelint command line: lint zone files and print diagnostics (text, JSON, SARIF), or
// print every record in canonical form.
import { realpathSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { lintParsed } from '../service/lint';
import { printRecord } from '../service/zone/canonical';
import { LineIndex } from '../service/zone/lineIndex';
import { parseZone } from '../service/zone/parser';
import type { ParsedZone, ZoneDiagnostic } from '../service/zone/types';
import { RULE_INFOS, RULES_BY_ID } from '../service/rules/index';
import { ruleDocsUrl } from '../service/rules/ruleInfo';
import { closestRuleId, isRuleSeverity, RULE_SEVERITY_VALUES, type RuleSeverity } from '../service/ruleSeverities';
import { createFsIncludeHost, readZoneText } from './includeHost';

export const USAGE = `Usage: zonelint [options] FILE...

Lints DNS zone files (BIND master format) and the mail records in them.

Options:
  --origin NAME          zone origin (default: the file's $ORIGIN, an absolute SOA
                         owner, or the file name: db.example.com, example.com.zone)
  --format FORMAT        text (default), json or sarif
  --canonical            print every record (after $INCLUDE and $GENERATE) as
                         'owner TTL class type rdata' instead of diagnostics
  --whole-zone           the file is a whole zone: a missing SOA or NS is an error
  --rule ID=SEVERITY     report rule ID as error, warning, information or hint,
                         or not at all with off (repeatable)
  --include-root DIR     folder $INCLUDE may read below (default: the file's folder)
  --offline              make no network query of any kind
  --dns-server HOST[:PORT]
                         send every DNS query to this server
  -h, --help             show this help
  --version              show the version

Exit status: 0 no error, 1 at least one error-severity diagnostic, 2 usage or I/O failure.
`;

const VERSION = '0.1.0';

interface FileResult {
  path: string;
  parsed: ParsedZone;
  diagnostics: ZoneDiagnostic[];
}

interface Output {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultOutput: Output = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

function validDnsServer(value: string): boolean {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+|[0-9a-fA-F:]+)(?::([0-9]+))?$/.exec(value);
  if (!m) return false;
  return m[2] === undefined || (Number(m[2]) > 0 && Number(m[2]) < 65536);
}

/** The --rule options as overrides, or the usage error to print. */
function parseRuleOptions(values: readonly string[]): { overrides: Record<string, RuleSeverity> } | { error: string } {
  const overrides: Record<string, RuleSeverity> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq < 0) return { error: `--rule '${value}' has no '='; write --rule ID=SEVERITY, e.g. --rule zone-ttl-mismatch=off.` };
    const id = value.slice(0, eq).trim();
    const severity = value.slice(eq + 1).trim();
    if (!RULES_BY_ID.has(id)) return { error: `--rule '${value}': '${id}' is not a rule id; the closest is '${closestRuleId(id)}'. Rule ids are listed in docs/rules/.` };
    if (!isRuleSeverity(severity)) return { error: `--rule '${value}': '${severity}' is not a severity; use ${RULE_SEVERITY_VALUES.join(', ')}.` };
    overrides[id] = severity;
  }
  return { overrides };
}

export async function main(argv: string[], io: Output = defaultOutput): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        origin: { type: 'string' },
        format: { type: 'string', default: 'text' },
        canonical: { type: 'boolean', default: false },
        'whole-zone': { type: 'boolean', default: false },
        'include-root': { type: 'string' },
        offline: { type: 'boolean', default: false },
        'dns-server': { type: 'string', multiple: true },
        rule: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    io.err(`zonelint: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const opts = args.values;
  if (opts.help) {
    io.out(USAGE);
    return 0;
  }
  if (opts.version) {
    io.out(VERSION + '\n');
    return 0;
  }
  const format = opts.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) {
    io.err(`zonelint: unknown format '${format}'; use text, json or sarif.\n`);
    return 2;
  }
  for (const server of opts['dns-server'] ?? []) {
    if (!validDnsServer(server)) {
      io.err(`zonelint: '${server}' is not HOST or HOST:PORT.\n`);
      return 2;
    }
  }
  if (opts.offline && opts['dns-server']?.length) {
    io.err('zonelint: --offline and --dns-server contradict each other; give one.\n');
    return 2;
  }
  const rules = parseRuleOptions(opts.rule ?? []);
  if ('error' in rules) {
    io.err(`zonelint: ${rules.error}\n`);
    return 2;
  }
  if (args.positionals.length === 0) {
    io.err(`zonelint: no zone file given.\n\n${USAGE}`);
    return 2;
  }

  const results: FileResult[] = [];
  for (const file of args.positionals) {
    let text: string;
    let real: string;
    try {
      real = realpathSync(file);
      text = readZoneText(real);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      io.err(`zonelint: cannot read '${file}': ${err.code === 'ENOENT' ? 'no such file' : err.message}\n`);
      return 2;
    }
    const parsed = parseZone(text, {
      origin: opts.origin,
      path: real,
      includeHost: createFsIncludeHost(opts['include-root'] ?? dirname(real)),
    });
    parsed.files[0].path = file;
    if (opts.canonical) {
      results.push({ path: file, parsed, diagnostics: [] });
      continue;
    }
    const diagnostics = lintParsed(parsed, { wholeZone: opts['whole-zone'] ? true : undefined, ruleSeverities: rules.overrides }, (ruleId, error) => {
      io.err(`zonelint: internal error in rule ${ruleId} on '${file}' (the other checks ran): ${(error as Error)?.stack ?? error}\n`);
    });
    results.push({ path: file, parsed, diagnostics });
  }

  if (opts.canonical) {
    const chunks: string[] = [];
    let failed = false;
    for (const r of results) {
      for (const rec of r.parsed.records) if (rec.fields) chunks.push(printRecord(rec));
      // Records whose data does not parse are left out; say why on stderr, since the list is then incomplete.
      for (const d of r.parsed.diagnostics) {
        if (d.severity !== 'error') continue;
        failed = true;
        io.err(formatText(r, d) + '\n');
      }
    }
    io.out(chunks.join('\n') + (chunks.length ? '\n' : ''));
    return failed ? 1 : 0;
  }

  if (format === 'json') io.out(JSON.stringify(toJson(results), null, 2) + '\n');
  else if (format === 'sarif') io.out(JSON.stringify(toSarif(results), null, 2) + '\n');
  else {
    const lines: string[] = [];
    for (const r of results) for (const d of r.diagnostics) lines.push(formatText(r, d));
    if (lines.length) io.out(lines.join('\n') + '\n');
  }
  return results.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

const lineIndexes = new WeakMap<object, LineIndex>();

function lineIndexOf(parsed: ParsedZone, file: number): LineIndex {
  const src = parsed.files[file];
  let index = lineIndexes.get(src);
  if (!index) lineIndexes.set(src, (index = new LineIndex(src.text)));
  return index;
}

function displayPath(r: FileResult, file: number): string {
  if (file === 0) return r.path;
  const p = r.parsed.files[file].path;
  const rel = relative(process.cwd(), p);
  return rel.startsWith('..') ? p : rel;
}

function formatText(r: FileResult, d: ZoneDiagnostic): string {
  const pos = lineIndexOf(r.parsed, d.file).position(d.start);
  return `${displayPath(r, d.file)}:${pos.line + 1}:${pos.character + 1}: ${d.severity} ${d.code} ${d.message}`;
}

function lspRange(r: FileResult, d: ZoneDiagnostic) {
  const index = lineIndexOf(r.parsed, d.file);
  return { start: index.position(d.start), end: index.position(d.end) };
}

function toJson(results: FileResult[]) {
  const out: { file: string; diagnostics: { code: string; severity: string; message: string; range: ReturnType<typeof lspRange> }[] }[] = [];
  for (const r of results) {
    const byFile = new Map<number, (typeof out)[number]>();
    byFile.set(0, { file: r.path, diagnostics: [] });
    out.push(byFile.get(0)!);
    for (const d of r.diagnostics) {
      let entry = byFile.get(d.file);
      if (!entry) {
        entry = { file: displayPath(r, d.file), diagnostics: [] };
        byFile.set(d.file, entry);
        out.push(entry);
      }
      entry.diagnostics.push({ code: d.code, severity: d.severity, message: d.message, range: lspRange(r, d) });
    }
  }
  return out;
}

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function toSarif(results: FileResult[]) {
  const ruleIndex = new Map<string, number>();
  RULE_INFOS.forEach((r, i) => ruleIndex.set(r.id, i));
  const sarifResults = [];
  for (const r of results) {
    for (const d of r.diagnostics) {
      const range = lspRange(r, d);
      const uri = displayPath(r, d.file).split(sep).join('/');
      sarifResults.push({
        ruleId: d.code,
        ...(ruleIndex.has(d.code) ? { ruleIndex: ruleIndex.get(d.code) } : {}),
        level: SARIF_LEVEL[d.severity],
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri },
              region: {
                startLine: range.start.line + 1,
                startColumn: range.start.character + 1,
                endLine: range.end.line + 1,
                endColumn: range.end.character + 1,
              },
            },
          },
        ],
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'zonelint',
            version: VERSION,
            informationUri: 'https://github.com/zonelint/zonelint',
            rules: RULE_INFOS.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.title },
              helpUri: ruleDocsUrl(r.id),
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              properties: { source: r.source },
            })),
          },
        },
        results: sarifResults,
      },
    ],
  };
}
