// Character codes the zone-file readers compare against.
export const SPACE = 0x20;
export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const QUOTE = 0x22;
export const SEMI = 0x3b;
export const LPAREN = 0x28;
export const RPAREN = 0x29;
export const BACKSLASH = 0x5c;
