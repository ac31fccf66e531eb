// The contract of one RDATA module: parse the tokens of a record's RDATA into fields,
// reporting faults at their exact characters, and print the fields in canonical form.
import type { RdataField, Token } from '../zone/types';

export interface RdataContext {
  /** Current origin, absolute, for relative names in the RDATA. */
  origin: string;
  /**
   * Report a fault. `code` is a rule id (syntax-* for what BIND rejects); offsets are
   * into the source file of the tokens.
   */
  report(code: string, message: string, start: number, end: number, data?: unknown): void;
  /** Span of the record's type token: where a missing field is reported when the RDATA is empty. */
  typeSpan?: { start: number; end: number };
}

export interface RdataType {
  /** Type mnemonic in upper case. */
  type: string;
  /**
   * Parse the RDATA tokens. Returns the fields, or undefined when the RDATA is not valid
   * (after reporting why). Never throws.
   */
  parse(tokens: readonly Token[], ctx: RdataContext): RdataField[] | undefined;
  /** Canonical presentation of parsed fields, as named-compilezone prints it. */
  print(fields: readonly RdataField[]): string;
  /** Fields from RFC 3597 wire data (`\# len hex`), for types whose wire form is decoded. */
  fromWire?(wire: Uint8Array, origin: string): RdataField[] | undefined;
}
