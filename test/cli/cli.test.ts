// The zonelint command as users and CI run it: output formats, positions, exit codes, options.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { REPO, zonelint, type RunResult } from './runZonelint';

const FIX = join(__dirname, '..', 'fixtures', 'cli');
/** Fixture paths as given on the command line (relative to the repository, the working directory). */
const rel = (name: string) => relative(REPO, join(FIX, name));

const CLEAN = rel('clean.example.com.zone');
const ERRORS = rel('errors.example.com.zone');
const WARNINGS = rel('warnings.example.com.zone');
const DB_NET = rel('db.example.net');
const ESCAPE = rel('root/zones/escape.example.com.zone');

const TEXT_LINE = /^(.+):(\d+):(\d+): (error|warning|information|hint) ([a-z0-9]+(?:-[a-z0-9]+)*) (.+)$/;
const CANONICAL_LINE = /^(\S+\.) (\d+) ([A-Z]+[0-9]*) ([A-Z]+[0-9]*) (.*)$/;

/** 1-based line and column of the first occurrence of `needle` in a fixture. */
function locate(file: string, needle: string): { line: number; column: number } {
  const lines = readFileSync(join(REPO, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `'${needle}' is not in ${file}`);
  return { line: i + 1, column: lines[i].indexOf(needle) + 1 };
}

interface TextDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
}

function parseText(stdout: string): TextDiagnostic[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const m = TEXT_LINE.exec(l);
      assert.ok(m, `not a 'file:line:col: severity code message' line: ${l}`);
      return { file: m[1], line: Number(m[2]), column: Number(m[3]), severity: m[4], code: m[5], message: m[6] };
    });
}

interface JsonReport {
  file: string;
  diagnostics: {
    code: string;
    severity: string;
    message: string;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
  }[];
}

// Every run the tests need, started together. Runs that lint pass --offline or a local
// --dns-server: a live lint would otherwise ask the system's resolvers (test/cli/live.test.ts
// runs the live checks against a named of its own).
const RUNS = {
  cleanText: ['--offline', CLEAN],
  errorsText: ['--offline', ERRORS],
  errorsJson: ['--offline', '--format', 'json', ERRORS],
  errorsSarif: ['--offline', '--format', 'sarif', ERRORS, WARNINGS],
  warningsText: ['--offline', WARNINGS],
  warningsJson: ['--offline', '--format=json', WARNINGS],
  twoFilesJson: ['--offline', '--format', 'json', CLEAN, ERRORS],
  missingFile: [rel('no-such-file.zone')],
  unknownOption: ['--no-such-option', CLEAN],
  badFormat: ['--format', 'xml', CLEAN],
  noFiles: [],
  help: ['--help'],
  canonicalClean: ['--canonical', CLEAN],
  canonicalInferred: ['--canonical', DB_NET],
  canonicalOverride: ['--canonical', '--origin', 'example.org.', DB_NET],
  canonicalOverrideRelative: ['--canonical', '--origin', 'example.org', DB_NET],
  canonicalErrors: ['--canonical', ERRORS],
  offline: ['--offline', CLEAN],
  dnsServer: ['--dns-server', '127.0.0.1:5353', CLEAN],
  dnsServerV6: ['--dns-server', '[::1]:53', CLEAN],
  dnsServerBadPort: ['--dns-server', '127.0.0.1:99999', CLEAN],
  dnsServerBad: ['--dns-server', 'a b:c', CLEAN],
  escapeText: ['--offline', ESCAPE],
  escapeCanonical: ['--canonical', ESCAPE],
  escapeWithRoot: ['--canonical', '--include-root', rel('root'), ESCAPE],
} satisfies Record<string, string[]>;

const results = {} as Record<keyof typeof RUNS, RunResult>;

before(async () => {
  await Promise.all(
    Object.entries(RUNS).map(async ([name, args]) => {
      results[name as keyof typeof RUNS] = await zonelint(args);
    }),
  );
});

describe('text format', () => {
  test('one line per diagnostic, file:line:col: severity code message, 1-based positions', () => {
    const r = results.errorsText;
    const ds = parseText(r.stdout);
    const quad = locate(ERRORS, '192.0.2.256');
    const v6 = locate(ERRORS, '2001:db8::1::2');
    for (const want of [quad, v6]) {
      assert.ok(
        ds.some((d) => d.file === ERRORS && d.severity === 'error' && d.line === want.line && d.column === want.column),
        `no error at ${ERRORS}:${want.line}:${want.column}; got:\n${r.stdout}`,
      );
    }
  });

  test('a clean zone prints no error line', () => {
    const ds = parseText(results.cleanText.stdout);
    assert.deepEqual(ds.filter((d) => d.severity === 'error'), []);
  });

  test('a report of thousands of lines, written in blocks through a pipe, has each diagnostic once and in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zonelint-cli-many-'));
    try {
      const file = join(dir, 'many.example.zone');
      const lines = ['$ORIGIN many.example.', '$TTL 3600', '@ SOA ns1 hostmaster 1 7200 3600 1209600 300', '@ NS ns1', 'ns1 A 192.0.2.1'];
      // Each host has an address that is no address: one error per line, 5,000 in all.
      for (let i = 0; i < 5000; i++) lines.push(`h${i} A 192.0.2.${256 + i}`);
      writeFileSync(file, lines.join('\n') + '\n');
      const r = await zonelint(['--offline', file]);
      assert.equal(r.code, 1, r.stderr);
      const ds = parseText(r.stdout);
      const bad = ds.filter((d) => d.severity === 'error');
      assert.equal(bad.length, 5000, r.stdout.slice(0, 2000));
      assert.deepEqual(bad.map((d) => d.line), Array.from({ length: 5000 }, (_, i) => i + 6));
      assert.ok(r.stdout.endsWith('\n') && !r.stdout.includes('\n\n'), 'lines end with one newline each');
      // The JSON report of the same zone, also written in blocks, is the one JSON document it always was.
      const json = await zonelint(['--offline', '--format', 'json', file]);
      const report = JSON.parse(json.stdout) as JsonReport[];
      assert.equal(json.stdout, JSON.stringify(report, null, 2) + '\n');
      assert.equal(report.length, 1);
      assert.deepEqual(
        report[0].diagnostics.filter((d) => d.severity === 'error').map((d) => d.range.start.line),
        bad.map((d) => d.line - 1),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('warnings are printed with their severity and do not fail the run', () => {
    const ds = parseText(results.warningsText.stdout);
    assert.ok(ds.length > 0, 'the SOA with timers 1 2 3 4 5 and a single NS should draw warnings');
    assert.ok(ds.every((d) => d.severity !== 'error'));
    const soa = locate(WARNINGS, 'SOA');
    assert.ok(ds.some((d) => d.line === soa.line), `no warning on the SOA line ${soa.line}`);
  });
});

describe('json format', () => {
  test('shape: [{file, diagnostics: [{code, severity, message, range}]}]', () => {
    const report = JSON.parse(results.errorsJson.stdout) as JsonReport[];
    assert.ok(Array.isArray(report));
    assert.equal(report[0].file, ERRORS);
    for (const entry of report) {
      assert.equal(typeof entry.file, 'string');
      assert.ok(Array.isArray(entry.diagnostics));
      for (const d of entry.diagnostics) {
        assert.deepEqual(Object.keys(d).sort(), ['code', 'message', 'range', 'severity']);
        assert.match(d.code, /^[a-z0-9-]+$/);
        assert.ok(['error', 'warning', 'information', 'hint'].includes(d.severity));
        assert.ok(d.message.length > 0);
        for (const p of [d.range.start, d.range.end]) {
          assert.ok(Number.isInteger(p.line) && p.line >= 0 && Number.isInteger(p.character) && p.character >= 0);
        }
        const s = d.range.start;
        const e = d.range.end;
        assert.ok(e.line > s.line || (e.line === s.line && e.character >= s.character), 'range ends before it starts');
      }
    }
  });

  test('ranges are 0-based and match the text positions', () => {
    for (const [text, json] of [
      [results.errorsText, results.errorsJson],
      [results.warningsText, results.warningsJson],
    ]) {
      const fromText = parseText(text.stdout).map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`);
      const fromJson = (JSON.parse(json.stdout) as JsonReport[]).flatMap((f) =>
        f.diagnostics.map((d) => `${f.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`),
      );
      assert.ok(fromJson.length > 0);
      assert.deepEqual(fromJson.sort(), fromText.sort());
    }
  });

  test('the 0-based range covers the faulty text', () => {
    const report = JSON.parse(results.errorsJson.stdout) as JsonReport[];
    const lines = readFileSync(join(REPO, ERRORS), 'utf8').split('\n');
    const covered = report[0].diagnostics
      .filter((d) => d.severity === 'error' && d.range.start.line === d.range.end.line)
      .map((d) => lines[d.range.start.line].slice(d.range.start.character, d.range.end.character));
    assert.ok(covered.includes('192.0.2.256'), `ranges cover ${JSON.stringify(covered)}`);
  });

  test('one entry per file given', () => {
    const report = JSON.parse(results.twoFilesJson.stdout) as JsonReport[];
    assert.deepEqual(report.map((f) => f.file), [CLEAN, ERRORS]);
    assert.equal(results.twoFilesJson.code, 1, 'one file with errors fails the run');
  });
});

describe('sarif format', () => {
  interface SarifLog {
    $schema: string;
    version: string;
    runs: {
      tool: { driver: { name: string; rules: { id: string; shortDescription?: { text: string } }[] } };
      results: {
        ruleId: string;
        ruleIndex?: number;
        level: string;
        message: { text: string };
        locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn?: number; endLine?: number; endColumn?: number } } }[];
      }[];
    }[];
  }

  test('SARIF 2.1.0 with $schema, driver name, rules and 1-based regions', () => {
    const r = results.errorsSarif;
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as SarifLog;
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif.*2\.1\.0.*\.json$/);
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'zonelint');
    const ruleIds = run.tool.driver.rules.map((x) => x.id);
    assert.equal(new Set(ruleIds).size, ruleIds.length, 'rule ids are unique');
    const text = [...parseText(results.errorsText.stdout), ...parseText(results.warningsText.stdout)];
    assert.equal(run.results.length, text.length, 'one result per diagnostic');
    for (const res of run.results) {
      assert.ok(ruleIds.includes(res.ruleId), `ruleId ${res.ruleId} is not in driver.rules`);
      if (res.ruleIndex !== undefined) assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
      assert.ok(['error', 'warning', 'note', 'none'].includes(res.level));
      assert.ok(res.message.text.length > 0);
      assert.ok(res.locations.length >= 1);
      const loc = res.locations[0].physicalLocation;
      assert.ok(!loc.artifactLocation.uri.includes('\\'), 'uri uses forward slashes');
      assert.ok(loc.region.startLine >= 1 && (loc.region.startColumn ?? 1) >= 1);
    }
    // Regions agree with the text format's 1-based positions.
    const fromSarif = run.results.map((x) => {
      const p = x.locations[0].physicalLocation;
      return `${p.artifactLocation.uri}:${p.region.startLine}:${p.region.startColumn} ${x.ruleId}`;
    });
    assert.deepEqual(fromSarif.sort(), text.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`).sort());
    const levels = new Map(run.results.map((x) => [x.ruleId, x.level]));
    assert.ok([...levels.values()].includes('error') && [...levels.values()].includes('warning'));
  });

  // Schema validation needs ajv-draft-04 and the SARIF 2.1.0 schema that @microsoft/jest-sarif ships.
  let validator: ((doc: unknown) => boolean) & { errors?: unknown } = Object.assign(() => true, {});
  let schemaSkip: string | false = false;
  try {
    const load = require as (id: string) => unknown;
    const Ajv = load('ajv-draft-04') as new (o: object) => { compile(s: object): typeof validator };
    const schema = load('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
    // The published schema has a pattern that is invalid as a unicode regular expression.
    validator = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: false }).compile(schema);
  } catch {
    schemaSkip = 'SARIF schema validation needs the dev dependencies ajv-draft-04 and @microsoft/jest-sarif';
    console.log(`# SKIP ${schemaSkip}`);
  }
  test('validates against the SARIF 2.1.0 JSON schema', { skip: schemaSkip }, () => {
    const log = JSON.parse(results.errorsSarif.stdout) as SarifLog;
    assert.ok(validator(log), JSON.stringify(validator.errors, null, 2));
    // The validator does reject a broken log.
    const broken = JSON.parse(results.errorsSarif.stdout) as SarifLog;
    broken.runs[0].results[0].level = 'fatal';
    assert.equal(validator(broken), false);
  });
});

describe('exit codes', () => {
  test('0 for a zone without errors, 1 with errors', () => {
    assert.equal(results.cleanText.code, 0, results.cleanText.stderr);
    assert.equal(results.warningsText.code, 0);
    assert.equal(results.errorsText.code, 1);
    assert.equal(results.errorsJson.code, 1);
  });

  for (const [name, what] of [
    ['missingFile', 'a missing file'],
    ['unknownOption', 'an unknown option'],
    ['badFormat', 'an unknown --format'],
    ['noFiles', 'no file at all'],
    ['dnsServerBadPort', 'a --dns-server port above 65535'],
    ['dnsServerBad', 'a malformed --dns-server'],
  ] as const) {
    test(`2 for ${what}, with a message on stderr and nothing on stdout`, () => {
      const r = results[name];
      assert.equal(r.code, 2, `exit ${r.code}; stderr: ${r.stderr}`);
      assert.match(r.stderr, /zonelint/);
      assert.equal(r.stdout, '');
    });
  }

  test('--help prints the usage and exits 0', () => {
    assert.equal(results.help.code, 0);
    assert.match(results.help.stdout, /Usage: zonelint/);
  });
});

describe('--canonical', () => {
  test('every record, one per line, owner TTL class type rdata, absolute names, TTL in seconds, file order', () => {
    const r = results.canonicalClean;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.trimEnd().split('\n');
    for (const l of lines) assert.match(l, CANONICAL_LINE);
    const parsed = lines.map((l) => CANONICAL_LINE.exec(l)!);
    // The fixture has 10 records, SOA first and the DMARC TXT last.
    assert.equal(lines.length, 10);
    assert.equal(parsed[0][4], 'SOA');
    assert.equal(parsed[0][1], 'example.com.');
    assert.equal(parsed[9][1], '_dmarc.example.com.');
    // $TTL 1h is written as 3600; the blank owners take the SOA's.
    assert.ok(parsed.every((p) => p[2] === '3600' && p[3] === 'IN'));
    assert.deepEqual(
      parsed.slice(1, 5).map((p) => `${p[1]} ${p[4]}`),
      ['example.com. NS', 'example.com. NS', 'example.com. A', 'example.com. MX'],
    );
    assert.ok(lines.includes('www.example.com. 3600 IN CNAME example.com.'));
    assert.ok(lines.includes('example.com. 3600 IN MX 10 mail.example.com.'));
  });

  test('parse errors go to stderr and exit 1; the records that parse are printed', () => {
    const r = results.canonicalErrors;
    assert.equal(r.code, 1);
    const errs = parseText(r.stderr);
    const quad = locate(ERRORS, '192.0.2.256');
    assert.ok(errs.some((d) => d.severity === 'error' && d.line === quad.line));
    assert.ok(r.stdout.includes('ns1.example.com. 3600 IN A 192.0.2.53'));
  });

  // cli.ts says such records are left out; printRdata prints their tokens as written instead.
  test('a record whose RDATA does not parse is left out of the list', () => {
    assert.ok(!results.canonicalErrors.stdout.includes('192.0.2.256'), 'the record that does not parse is printed');
  });
});

describe('origin', () => {
  test('inferred from the file name db.example.net', () => {
    const r = results.canonicalInferred;
    assert.equal(r.code, 0, r.stderr);
    const owners = r.stdout.trimEnd().split('\n').map((l) => l.split(' ')[0]);
    assert.ok(owners.length >= 5);
    assert.ok(owners.every((o) => o === 'example.net.' || o.endsWith('.example.net.')), owners.join(' '));
    assert.ok(r.stdout.includes('ns1.example.net.'));
  });

  test('--origin overrides the file name, with or without the final dot', () => {
    for (const r of [results.canonicalOverride, results.canonicalOverrideRelative]) {
      assert.equal(r.code, 0, r.stderr);
      const owners = r.stdout.trimEnd().split('\n').map((l) => l.split(' ')[0]);
      assert.ok(owners.every((o) => o === 'example.org.' || o.endsWith('.example.org.')), owners.join(' '));
      assert.ok(r.stdout.includes('www.example.org. 3600 IN A 192.0.2.80'));
      // Absolute names in the RDATA are left alone.
      assert.ok(r.stdout.includes('example.org. 3600 IN NS ns2.example.org.'));
    }
  });
});

describe('network options', () => {
  // That --offline sends no query at all is proven against a real server in live.test.ts.
  test('--offline is accepted and the clean zone stays clean', () => {
    assert.equal(results.offline.code, 0, results.offline.stderr);
    assert.equal(results.offline.stderr, '');
    assert.deepEqual(parseText(results.offline.stdout).filter((d) => d.severity === 'error'), []);
  });

  test('--dns-server HOST:PORT is accepted (IPv4 and [IPv6])', () => {
    for (const r of [results.dnsServer, results.dnsServerV6]) {
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
    }
  });
});

describe('$INCLUDE confinement', () => {
  test('an $INCLUDE outside the include root is refused with a diagnostic on the directive', () => {
    const r = results.escapeText;
    assert.equal(r.code, 1);
    const ds = parseText(r.stdout);
    const at = locate(ESCAPE, '../outside.inc');
    const hit = ds.find((d) => d.line === at.line && d.severity === 'error');
    assert.ok(hit, `no error on line ${at.line}:\n${r.stdout}`);
    assert.match(hit.code, /include/);
    assert.equal(hit.column, at.column);
  });

  test('the outside file is not read; an include inside the root is', () => {
    const r = results.escapeCanonical;
    assert.ok(!r.stdout.includes('secret'), 'records of the outside file were printed');
    assert.ok(r.stdout.includes('inside.example.com. 3600 IN A 192.0.2.99'));
  });

  test('--include-root widens the folder', () => {
    const r = results.escapeWithRoot;
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.includes('secret.example.com. 3600 IN TXT'));
  });
});
