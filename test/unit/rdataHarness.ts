// Shared by the rdata tests: a tokenizer that splits RDATA text as the zone parser does, and a
// runner that parses one RDATA with a module and collects what it reports.
import { TokenKind, type RdataField, type Token } from '../../server/src/service/zone/types';
import { getRdataType, parseGenericRdata } from '../../server/src/service/rdata/index';

export interface Reported {
  code: string;
  message: string;
  start: number;
  end: number;
  /** The characters of the input the report points at. */
  text: string;
}

/** Words and "quoted strings" of one line, with their offsets in it. */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const start = i;
    if (c === '"') {
      i++;
      while (i < line.length && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
      tokens.push({ kind: TokenKind.Quoted, text: line.slice(start + 1, i), start, end: i + 1, file: 0 });
      i++;
      continue;
    }
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t' && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
    tokens.push({ kind: TokenKind.Word, text: line.slice(start, i), start, end: i, file: 0 });
  }
  return tokens;
}

export function parseRdata(type: string, line: string, origin = 'example.com.'): { fields?: RdataField[]; reports: Reported[]; printed?: string } {
  const reports: Reported[] = [];
  const ctx = {
    origin,
    typeSpan: { start: 0, end: 0 },
    report(code: string, message: string, start: number, end: number) {
      reports.push({ code, message, start, end, text: line.slice(start, end) });
    },
  };
  const module = getRdataType(type);
  if (!module) throw new Error(`no module for ${type}`);
  const tokens = tokenize(line);
  const fields = tokens[0]?.text === '\\#' ? parseGenericRdata(tokens, ctx, type)?.fields : module.parse(tokens, ctx);
  return { fields, reports, printed: fields ? module.print(fields) : undefined };
}
