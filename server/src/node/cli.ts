// The zonelint command line: lint zone files and print diagnostics (text, JSON, SARIF), or
// print every record in canonical form.
import { realpathSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { HAS_LIVE_RULES, lintLive, lintParsed } from '../service/lint';
import { printRecord } from '../service/zone/canonical';
import { LineIndex } from '../service/zone/lineIndex';
import { parseZone } from '../service/zone/parser';
import type { ParsedZone, ZoneDiagnostic } from '../service/zone/types';
import { RULE_INFOS, RULES_BY_ID } from '../service/rules/index';
import { ruleDocsUrl } from '../service/rules/ruleInfo';
import { closestRuleId, isRuleSeverity, RULE_SEVERITY_VALUES, type RuleSeverity } from '../service/ruleSeverities';
import { createFsIncludeHost, readZoneText } from './includeHost';
import { createDnsResolver, DEFAULT_DNS_MAX_QUERIES, DEFAULT_DNS_TIMEOUT_MS, DnsCache, parseDnsServer, splitDnsServers } from './dnsResolver';
import { tlsaMain } from './tlsaCommand';

export const USAGE = `Usage: zonelint [options] FILE...
       zonelint tlsa --cert FILE | --verify HOST[:PORT] ...   (see zonelint tlsa --help)

Lints DNS zone files (BIND master format) and the mail records in them. 'zonelint tlsa'
prints the TLSA record for a certificate or checks a mail server against a zone's TLSA records.

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
  --offline              make no network query of any kind: only the checks that
                         need no DNS run (the SPF includes, DMARC report
                         destinations and DKIM keys outside the file go unchecked)
  --dns-server ADDRESS[:PORT]
                         ask this DNS server instead of the system's resolvers
                         (IPv4 or IPv6; an IPv6 address with a port as
                         [ADDRESS]:PORT); repeatable or comma-separated, tried
                         in order
  --dns-timeout MS       how long a server has to answer one query, in
                         milliseconds (default ${DEFAULT_DNS_TIMEOUT_MS})
  --dns-max-queries N    DNS queries at most per file (default ${DEFAULT_DNS_MAX_QUERIES}); answers
                         already at hand from an earlier file are free
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

/** A whole number within [min, max] written in decimal digits, or undefined. */
function wholeNumber(text: string, min: number, max: number): number | undefined {
  if (!/^[0-9]+$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : undefined;
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
  // The TLSA subcommand (records for certificates, checks of mail servers); a zone file named
  // 'tlsa' is linted as ./tlsa.
  if (argv[0] === 'tlsa') return tlsaMain(argv.slice(1), io);
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
        'dns-timeout': { type: 'string' },
        'dns-max-queries': { type: 'string' },
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
  const dnsServers = splitDnsServers(opts['dns-server'] ?? []);
  for (const server of dnsServers) {
    if (!parseDnsServer(server)) {
      io.err(`zonelint: --dns-server '${server}' is not ADDRESS or ADDRESS:PORT (an IPv4 address, or an IPv6 address as [ADDRESS]:PORT; port 1 to 65535).\n`);
      return 2;
    }
  }
  if (opts['dns-server'] !== undefined && dnsServers.length === 0) {
    io.err('zonelint: --dns-server names no server.\n');
    return 2;
  }
  if (opts.offline && dnsServers.length) {
    io.err('zonelint: --offline and --dns-server contradict each other; give one.\n');
    return 2;
  }
  let dnsTimeoutMs = DEFAULT_DNS_TIMEOUT_MS;
  if (opts['dns-timeout'] !== undefined) {
    const n = wholeNumber(opts['dns-timeout'], 1, 600_000);
    if (n === undefined) {
      io.err(`zonelint: --dns-timeout '${opts['dns-timeout']}' is not a number of milliseconds from 1 to 600000.\n`);
      return 2;
    }
    dnsTimeoutMs = n;
  }
  let dnsMaxQueries = DEFAULT_DNS_MAX_QUERIES;
  if (opts['dns-max-queries'] !== undefined) {
    const n = wholeNumber(opts['dns-max-queries'], 0, 1_000_000);
    if (n === undefined) {
      io.err(`zonelint: --dns-max-queries '${opts['dns-max-queries']}' is not a whole number from 0 to 1000000.\n`);
      return 2;
    }
    dnsMaxQueries = n;
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

  // Live checks ask DNS unless told not to; files share one cache, each has its own budget.
  const live = !opts.offline && !opts.canonical && HAS_LIVE_RULES;
  const dnsCache = live ? new DnsCache() : undefined;
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
    const lintOptions = { wholeZone: opts['whole-zone'] ? true : undefined, ruleSeverities: rules.overrides };
    const onRuleError = (ruleId: string, error: unknown) => {
      io.err(`zonelint: internal error in rule ${ruleId} on '${file}' (the other checks ran): ${(error as Error)?.stack ?? error}\n`);
    };
    const diagnostics = live
      ? await lintLive(parsed, createDnsResolver({ servers: dnsServers, timeoutMs: dnsTimeoutMs, maxQueries: dnsMaxQueries, cache: dnsCache }), lintOptions, onRuleError)
      : lintParsed(parsed, lintOptions, onRuleError);
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

  if (format === 'json') writeJson(toJson(results), io.out);
  else if (format === 'sarif') io.out(JSON.stringify(toSarif(results), null, 2) + '\n');
  else {
    // Written in blocks: one string of every line of a large zone's report would double its memory.
    let lines: string[] = [];
    for (const r of results) {
      for (const d of r.diagnostics) {
        lines.push(formatText(r, d));
        if (lines.length === OUTPUT_BLOCK_LINES) {
          io.out(lines.join('\n') + '\n');
          lines = [];
        }
      }
    }
    if (lines.length) io.out(lines.join('\n') + '\n');
  }
  return results.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

/** Lines of the text report written at once. */
const OUTPUT_BLOCK_LINES = 2048;

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

/** `text` with `pad` before each of its lines. */
function indented(text: string, pad: string): string {
  return pad + text.replace(/\n/g, '\n' + pad);
}

/**
 * Writes JSON.stringify(report, null, 2) and a newline, a block of diagnostics at a time: one
 * string of a large zone's whole report would double its memory.
 */
function writeJson(report: ReturnType<typeof toJson>, write: (s: string) => void): void {
  if (report.length === 0) {
    write('[]\n');
    return;
  }
  write('[\n');
  report.forEach((entry, i) => {
    const last = i === report.length - 1;
    if (entry.diagnostics.length <= OUTPUT_BLOCK_LINES) {
      write(indented(JSON.stringify(entry, null, 2), '  ') + (last ? '\n' : ',\n'));
      return;
    }
    write(`  {\n    "file": ${JSON.stringify(entry.file)},\n    "diagnostics": [\n`);
    for (let from = 0; from < entry.diagnostics.length; from += OUTPUT_BLOCK_LINES) {
      const block = entry.diagnostics.slice(from, from + OUTPUT_BLOCK_LINES);
      const end = from + OUTPUT_BLOCK_LINES >= entry.diagnostics.length;
      write(block.map((d) => indented(JSON.stringify(d, null, 2), '      ')).join(',\n') + (end ? '\n' : ',\n'));
    }
    write(`    ]\n  }${last ? '' : ','}\n`);
  });
  write(']\n');
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
