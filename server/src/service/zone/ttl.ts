// TTL values as BIND reads them: plain seconds, or numbers each with a unit (1w2d3h4m5s,
// any case). A bare number after units ("1h30") is not a TTL for BIND.

export const MAX_TTL = 0x7fffffff;

export type TtlResult = { value: number } | { error: string; tooLarge?: true };

const UNIT_SECONDS: Record<number, number> = {
  0x77: 604800, // w
  0x64: 86400, // d
  0x68: 3600, // h
  0x6d: 60, // m
  0x73: 1, // s
};

export function looksLikeTtl(text: string): boolean {
  const c = text.charCodeAt(0);
  return c >= 0x30 && c <= 0x39;
}

export function parseTtl(text: string): TtlResult {
  let total = 0;
  let current = -1;
  let sawUnit = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      current = (current < 0 ? 0 : current) * 10 + (c - 0x30);
      if (current > 0xffffffff) return { error: `TTL '${text}' is too large: the most a TTL field holds is 4294967295, and RFC 2181 allows 2147483647.`, tooLarge: true };
    } else {
      const unit = UNIT_SECONDS[c | 0x20];
      if (unit === undefined || current < 0) {
        return { error: `'${text}' is not a TTL: write seconds (3600) or units such as 1h, 30m, 1d, 1w.` };
      }
      total += current * unit;
      current = -1;
      sawUnit = true;
    }
  }
  if (current >= 0) {
    if (sawUnit) return { error: `'${text}' is not a TTL: after a unit every number needs its own unit, e.g. 1h30m.` };
    total += current;
  }
  if (total > 0xffffffff) return { error: `TTL '${text}' is ${total} seconds, more than a TTL field holds (4294967295).`, tooLarge: true };
  return { value: total };
}

/** A TTL in human units, e.g. 3600 -> "1 hour", 90061 -> "1 day 1 hour 1 minute 1 second". */
export function formatTtl(seconds: number): string {
  if (seconds === 0) return '0 seconds';
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
      rest -= n * size;
    }
  }
  return parts.join(' ');
}
