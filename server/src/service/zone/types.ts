// The parsed zone: what the parser hands to every rule and feature.
// Positions are UTF-16 offsets into the text of the source file the item came from
// (`file` indexes ParsedZone.files); LineIndex turns them into LSP line/character.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Span {
  start: number;
  end: number; // exclusive
}

export interface SourceFile {
  /** Index into ParsedZone.files; 0 is the file that was linted. */
  id: number;
  /** Path as given by the caller (the include host's path for included files). */
  path: string;
  text: string;
  /** The $INCLUDE directive that brought this file in. */
  includedFrom?: { file: number; start: number; end: number };
}

export const enum TokenKind {
  Word = 0,
  Quoted = 1,
}

/** A word or quoted string of a record or directive. Parentheses, comments and newlines are not tokens. */
export interface Token {
  kind: TokenKind;
  /** Raw text as written: for quoted strings without the quotes, escapes not yet decoded. */
  text: string;
  /** Span of the raw token, quotes included. */
  start: number;
  end: number;
  file: number;
}

export interface Comment {
  file: number;
  /** Span of the comment, from ';' to the end of the line (newline excluded). */
  start: number;
  end: number;
  text: string;
}

/**
 * One field of parsed RDATA. `value` is the field in canonical presentation form:
 * numbers as numbers, names absolute, text decoded, hex lower case, base64 without spaces.
 */
export interface RdataField {
  name: string;
  value: string | number;
  start: number;
  end: number;
  /** For domain-name fields: the name was written relative to the origin. */
  relative?: boolean;
  /** For domain-name and text fields: the text as written in the file. */
  raw?: string;
}

export interface ZoneRecord {
  file: number;
  /** Span of the whole record, from the owner (or first token) to the end of the last RDATA token. */
  start: number;
  end: number;
  /** Absolute owner name in presentation form (escapes as BIND prints them). */
  owner: string;
  /** Span of the owner as written; undefined when the owner was inherited (blank). */
  ownerSpan?: Span;
  /** The owner was written relative to the origin (or inherited). */
  ownerRelative: boolean;
  ttl: number;
  /** Span of the TTL as written; undefined when the TTL came from $TTL or the previous record. */
  ttlSpan?: Span;
  /** Where the TTL came from when not written. */
  ttlSource: 'explicit' | 'default' | 'previous' | 'soa-minimum' | 'none';
  class: string;
  classSpan?: Span;
  /** Type mnemonic in upper case (TYPEnnn for unknown types). */
  type: string;
  typeCode: number;
  typeSpan: Span;
  /** RDATA tokens as written (strings of a TXT record each keep their span). */
  rdata: Token[];
  /** Parsed RDATA fields; undefined when the RDATA did not parse (an error was reported). */
  fields?: RdataField[];
  /** RDATA given in RFC 3597 generic form (\# len hex). */
  generic?: boolean;
  /** Produced by $GENERATE (spans then point at the directive). */
  generated?: boolean;
}

export type DirectiveName = '$ORIGIN' | '$TTL' | '$INCLUDE' | '$GENERATE' | string;

export interface Directive {
  file: number;
  name: DirectiveName;
  start: number;
  end: number;
  nameSpan: Span;
  args: Token[];
}

export interface ZoneDiagnostic {
  /** Rule id, also the diagnostic code and the setting key. */
  code: string;
  severity: Severity;
  message: string;
  file: number;
  start: number;
  end: number;
  /** Machine-readable details for quick fixes. */
  data?: unknown;
}

export interface ParsedZone {
  files: SourceFile[];
  /** Absolute origin the zone was parsed with (the zone apex when it is a whole zone). */
  origin: string;
  records: ZoneRecord[];
  directives: Directive[];
  comments: Comment[];
  /** Parser diagnostics (syntax and RDATA); rules add theirs separately. */
  diagnostics: ZoneDiagnostic[];
  /** Parser state at line starts of file 0, every few hundred lines, for reparseZone. */
  checkpoints?: ParseCheckpoint[];
  /** Set by reparseZone on the parse it made: what changed since the parse it started from. */
  edit?: ParseEdit;
}

/**
 * What a re-parse changed. The records of `previous` before `at` and from `at + removed` on are
 * the same objects in the new parse (those after the change moved by `delta`); the `removed`
 * records from `at` were replaced by `added` new ones. In the old text, the characters from
 * `start` to `oldEnd` were replaced; an old offset at or after `oldEnd` is now `delta` further.
 */
export interface ParseEdit {
  previous: ParsedZone;
  at: number;
  removed: number;
  added: number;
  start: number;
  oldEnd: number;
  delta: number;
}

/** The parser's state where a line of file 0 starts outside any entry, and how much it had produced. */
export interface ParseCheckpoint {
  pos: number;
  records: number;
  directives: number;
  comments: number;
  diagnostics: number;
  origin: string;
  lastOwner: string | undefined;
  scope: unknown;
  defaultTtl: number | undefined;
  defaultSource: 'default' | 'soa-minimum';
  lastTtl: number | undefined;
  lastClass: string;
  zoneClass: string | undefined;
}

/** How the parser reads $INCLUDE files; the node layer confines it to a root folder. */
export interface IncludeHost {
  /**
   * Resolve `target` as written in a $INCLUDE of `fromPath` and read it.
   * Returns the path and text, or an error message to report at the directive.
   */
  read(fromPath: string, target: string): { path: string; text: string } | { error: string };
}
