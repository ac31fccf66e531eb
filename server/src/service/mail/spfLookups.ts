// The DNS lookups an SPF check makes (RFC 7208 §4.6.4), counted through the whole evaluation:
// include, a, mx, ptr and exists mechanisms and the redirect modifier each cost one, and the
// records that include and redirect name add theirs. One walker serves the offline and the live
// check: it asks for what it needs through queries, and a driver answers them, from the zone
// file alone (external names stay unresolved) or with DNS at hand.
import { SPF_LOOKUP_MECHANISMS, type SpfRecord, type SpfTerm } from './spf';

export type SpfQueryKind = 'spf' | 'address' | 'mx';

/** What the walker needs to know about a name; names are lower case without the final dot. */
export interface SpfQuery {
  kind: SpfQueryKind;
  name: string;
}

/** Why a target was not followed. */
export type SpfUnresolvedReason =
  /** Outside the zone, and the check runs offline. */
  | 'external'
  /** The name is built from macros, known only while a message is checked. */
  | 'macro'
  /** The live check's query budget for the record was spent. */
  | 'limit'
  /** The query failed. */
  | 'failed'
  /** Inside the zone, but the file is not a whole zone: its absence proves nothing. */
  | 'partial';

export type SpfAnswerStatus = 'ok' | 'nxdomain' | 'nodata' | 'error' | 'unresolved';

/** An SPF record found at a name. */
export interface SpfSource {
  /** The domain the record belongs to (the current domain while it is evaluated). */
  name: string;
  record: SpfRecord;
  /** True when the record is in the zone being linted, where its own faults are reported. */
  inZone: boolean;
  /** The zone's record, for in-zone sources; opaque to the walker. */
  origin?: unknown;
}

export interface SpfAnswer {
  status: SpfAnswerStatus;
  /** The zone file answered: it is authoritative for the name. */
  fromZone?: boolean;
  /** For 'spf' queries with status 'ok': the SPF records at the name (none when it has only other TXT records). */
  spf?: SpfSource[];
  /** For 'address' queries: how many addresses the name has. */
  count?: number;
  /** For 'mx' queries: the MX hosts (a null MX left out). */
  hosts?: string[];
  /** For status 'error': what went wrong, in words fit for a message. */
  error?: string;
  /** For status 'unresolved': why. */
  reason?: SpfUnresolvedReason;
}

export type SpfFindingKind =
  /** include or redirect leads back to a record already being evaluated. */
  | 'loop'
  /** include or redirect target without an SPF record. */
  | 'no-spf'
  /** include or redirect target with more than one SPF record. */
  | 'several-spf'
  /** include or redirect target (outside the zone) whose SPF record has errors. */
  | 'broken-spf'
  /** mx target with more than 10 MX hosts. */
  | 'mx-too-many'
  /** a target in the zone without A or AAAA. */
  | 'no-address'
  /** mx target in the zone without MX. */
  | 'no-mx'
  /** A query that found nothing: NXDOMAIN or no records of the type. */
  | 'void'
  /** A query that failed. */
  | 'lookup-failed';

export interface SpfFinding {
  kind: SpfFindingKind;
  /** The term where it happens, a term of `source`'s record. */
  term: SpfTerm;
  source: SpfSource;
  /** Terms followed from the walked record to `source`, outermost first; empty when `source` is the walked record. */
  via: SpfTerm[];
  /** The domains those terms led to, in the same order. */
  path: string[];
  /** The name the term asked about. */
  name: string;
  /** The answer's status, for no-spf and void findings. */
  status?: SpfAnswerStatus;
  /** MX host count, for mx-too-many; SPF record count, for several-spf. */
  count?: number;
  /** For lookup-failed: what went wrong. */
  error?: string;
  /** The query type, for lookup-failed. */
  queryKind?: SpfQueryKind;
  /** For loops: the names around the loop, starting and ending at the name met twice. */
  cycle?: string[];
  /** For loops: whether every record around the loop is outside the zone. */
  cycleExternal?: boolean;
  /** The zone file gave the answer (it is authoritative for the name). */
  fromZone?: boolean;
}

export interface SpfUnresolved {
  term: SpfTerm;
  name: string;
  reason: SpfUnresolvedReason;
  via: SpfTerm[];
}

/** What one DNS-querying term of the walked record costs, with what it includes. */
export interface SpfTermCost {
  term: SpfTerm;
  /** Lookups known: 1 for the term itself, plus those of the records it leads to. */
  lookups: number;
  /** Targets not followed below this term. */
  unresolved: number;
}

export interface SpfEvaluation {
  /** The walked record. */
  source: SpfSource;
  /** DNS lookups counted through the whole evaluation: exact when nothing is unresolved, else a lower bound. */
  lookups: number;
  unresolved: SpfUnresolved[];
  /** Void lookups met along the evaluation (also listed in findings). */
  voids: SpfFinding[];
  findings: SpfFinding[];
  /** For each DNS-querying term of the walked record, in record order. */
  costs: SpfTermCost[];
  /**
   * The include and redirect targets the walk asked about, its own and those of the records it
   * followed: a walk with one of them on its stack finds a loop where this one did not, so it
   * cannot reuse this evaluation.
   */
  asked?: string[];
}

/** Most MX hosts the mx mechanism may look at before it is a permerror (RFC 7208 §4.6.4). */
export const SPF_MX_LIMIT = 10;
/** Most DNS-querying terms one evaluation may use (RFC 7208 §4.6.4). */
export const SPF_LOOKUP_LIMIT = 10;
/** Most void lookups receivers accept (RFC 7208 §4.6.4). */
export const SPF_VOID_LIMIT = 2;

/** Evaluations of names already walked, shared by the walks of one lint. */
export type SpfMemo = Map<string, SpfEvaluation>;

type Walk = Generator<SpfQuery, SpfEvaluation, SpfAnswer>;

function hasErrors(term: SpfTerm): boolean {
  for (const f of term.faults) if (f.kind !== 'host-bits') return true;
  return false;
}

/** True when receivers reject the record itself (a syntax error, or redirect/exp twice). */
export function spfRecordHasErrors(record: SpfRecord): boolean {
  if (record.redirects.length > 1 || record.exps.length > 1) return true;
  for (const t of record.terms) if (hasErrors(t)) return true;
  return false;
}

/** A result is reusable for other walks when it did not depend on where the walk came from or on its budget. */
function reusable(e: SpfEvaluation): boolean {
  for (const f of e.findings) if (f.kind === 'loop') return false;
  for (const u of e.unresolved) if (u.reason === 'limit') return false;
  return true;
}

const evaluatedCache = new WeakMap<SpfRecord, SpfTerm[]>();

/** The terms an evaluation reaches, in order: mechanisms up to the first all, then redirect when there is no all. */
function evaluatedTerms(record: SpfRecord): SpfTerm[] {
  let out = evaluatedCache.get(record);
  if (!out) evaluatedCache.set(record, (out = findEvaluatedTerms(record)));
  return out;
}

function findEvaluatedTerms(record: SpfRecord): SpfTerm[] {
  const out: SpfTerm[] = [];
  let all = false;
  for (const t of record.terms) {
    if (t.absorbed || hasErrors(t)) continue;
    if (t.mechanism === 'all') {
      all = true;
      break;
    }
    if (t.mechanism && SPF_LOOKUP_MECHANISMS.has(t.mechanism)) out.push(t);
  }
  // redirect is ignored when the record has an all anywhere, and a permerror when written twice.
  const hasAll = all || record.terms.some((t) => t.mechanism === 'all' && !t.absorbed);
  if (!hasAll && record.redirects.length === 1 && !hasErrors(record.redirects[0])) out.push(record.redirects[0]);
  return out;
}

function* evaluate(source: SpfSource, stack: SpfSource[], memo: SpfMemo): Walk {
  const out: SpfEvaluation = { source, lookups: 0, unresolved: [], voids: [], findings: [], costs: [], asked: [] };
  const record = source.record;
  const finding = (kind: SpfFindingKind, term: SpfTerm, name: string, extra: Partial<SpfFinding> = {}): SpfFinding => {
    const f: SpfFinding = { kind, term, source, via: [], path: [], name, ...extra };
    out.findings.push(f);
    if (kind === 'void') out.voids.push(f);
    return f;
  };
  let seen: Set<string> | undefined;
  for (const term of evaluatedTerms(record)) {
    out.lookups++;
    const cost: SpfTermCost = { term, lookups: 1, unresolved: 0 };
    out.costs.push(cost);
    const kind = term.mechanism ?? 'redirect';
    if (kind === 'ptr') continue;
    const spec = term.domain;
    const follows = kind === 'include' || kind === 'redirect';
    if (spec?.hasMacros) {
      if (follows) {
        out.unresolved.push({ term, name: spec.text, reason: 'macro', via: [] });
        cost.unresolved++;
      }
      continue;
    }
    const name = spec ? spec.name : source.name;
    if (!name) continue;
    if (!follows) {
      const query: SpfQuery = { kind: kind === 'mx' ? 'mx' : 'address', name };
      const answer = yield query;
      if (answer.status === 'error') {
        finding('lookup-failed', term, name, { error: answer.error, queryKind: query.kind });
      } else if (answer.status === 'nxdomain' || answer.status === 'nodata') {
        finding('void', term, name, { status: answer.status, fromZone: answer.fromZone });
        if (answer.fromZone && kind === 'a') finding('no-address', term, name, { status: answer.status });
        if (answer.fromZone && kind === 'mx') finding('no-mx', term, name, { status: answer.status });
      } else if (answer.status === 'ok' && kind === 'mx' && (answer.hosts?.length ?? 0) > SPF_MX_LIMIT) {
        finding('mx-too-many', term, name, { count: answer.hosts!.length });
      }
      continue;
    }
    out.asked!.push(name);
    const loopAt = stack.findIndex((s) => s.name === name);
    if (loopAt >= 0) {
      const members = stack.slice(loopAt);
      finding('loop', term, name, { cycle: [...members.map((s) => s.name), name], cycleExternal: members.every((s) => !s.inZone) });
      continue;
    }
    // A second include of the same name is evaluated again and costs again, but finds nothing new.
    seen ??= new Set();
    const repeat = seen.has(name);
    seen.add(name);
    // A name already walked had one SPF record: its evaluation is reused without asking again.
    const known = reusableFor(memo.get(name), stack);
    if (known) {
      if (!repeat && !known.source.inZone && spfRecordHasErrors(known.source.record)) finding('broken-spf', term, name);
      mergeInto(out, cost, known, term, name, !repeat);
      continue;
    }
    const answer = yield { kind: 'spf', name };
    const note = (kind: SpfFindingKind, extra: Partial<SpfFinding> = {}) => {
      if (!repeat) finding(kind, term, name, extra);
    };
    switch (answer.status) {
      case 'unresolved':
        out.unresolved.push({ term, name, reason: answer.reason ?? 'external', via: [] });
        cost.unresolved++;
        break;
      case 'error':
        note('lookup-failed', { error: answer.error, queryKind: 'spf' });
        out.unresolved.push({ term, name, reason: 'failed', via: [] });
        cost.unresolved++;
        break;
      case 'nxdomain':
      case 'nodata':
        note('no-spf', { status: answer.status, fromZone: answer.fromZone });
        note('void', { status: answer.status, fromZone: answer.fromZone });
        break;
      case 'ok': {
        const found = answer.spf ?? [];
        if (found.length === 0) {
          note('no-spf', { status: 'ok', fromZone: answer.fromZone });
          break;
        }
        if (found.length > 1) {
          note('several-spf', { count: found.length });
          break;
        }
        const target = found[0];
        if (!target.inZone && spfRecordHasErrors(target.record)) note('broken-spf');
        let sub = reusableFor(memo.get(name), stack);
        if (!sub) {
          sub = yield* evaluate(target, [...stack, target], memo);
          if (reusable(sub)) memo.set(name, sub);
        }
        mergeInto(out, cost, sub, term, name, !repeat);
        break;
      }
    }
  }
  return out;
}

/** A remembered evaluation, unless the walk's stack holds a name it asked about (the walk would find a loop there). */
function reusableFor(known: SpfEvaluation | undefined, stack: readonly SpfSource[]): SpfEvaluation | undefined {
  if (!known?.asked) return known;
  for (const s of stack) if (known.asked.includes(s.name)) return undefined;
  return known;
}

/** Adds what a followed record costs and found to the record that followed it through `term`. */
function mergeInto(out: SpfEvaluation, cost: SpfTermCost, sub: SpfEvaluation, term: SpfTerm, name: string, withFindings: boolean): void {
  if (sub.asked) for (const n of sub.asked) out.asked!.push(n);
  out.lookups += sub.lookups;
  cost.lookups += sub.lookups;
  cost.unresolved += sub.unresolved.length;
  for (const u of sub.unresolved) out.unresolved.push({ ...u, via: [term, ...u.via] });
  if (!withFindings) return;
  for (const f of sub.findings) {
    const moved: SpfFinding = { ...f, via: [term, ...f.via], path: [name, ...f.path] };
    out.findings.push(moved);
    if (f.kind === 'void') out.voids.push(moved);
  }
}

/** Walks `root` answering queries synchronously: the offline check. */
export function evaluateSpf(root: SpfSource, answer: (q: SpfQuery) => SpfAnswer, memo: SpfMemo): SpfEvaluation {
  const walk = evaluate(root, [root], memo);
  let step = walk.next();
  while (!step.done) step = walk.next(answer(step.value));
  return step.value;
}

/** Walks `root` answering queries that may wait on DNS: the live check. */
export async function evaluateSpfAsync(root: SpfSource, answer: (q: SpfQuery) => SpfAnswer | Promise<SpfAnswer>, memo: SpfMemo): Promise<SpfEvaluation> {
  const walk = evaluate(root, [root], memo);
  let step = walk.next();
  while (!step.done) step = walk.next(await answer(step.value));
  return step.value;
}

/** Counts queries to DNS for one walked record and stops at `limit`: each record's live check stays bounded. */
export function budgeted(answer: (q: SpfQuery) => SpfAnswer | undefined, ask: (q: SpfQuery) => Promise<SpfAnswer>, limit: number): (q: SpfQuery) => SpfAnswer | Promise<SpfAnswer> {
  const asked = new Set<string>();
  return (q) => {
    const local = answer(q);
    if (local) return local;
    const key = q.kind + ' ' + q.name;
    if (!asked.has(key)) {
      if (asked.size >= limit) return { status: 'unresolved', reason: 'limit' };
      asked.add(key);
    }
    return ask(q);
  };
}

/** "include:a.example 3, mx 1": what each DNS-querying term costs, for messages. */
export function describeCosts(costs: readonly SpfTermCost[], max = 8): string {
  const parts = costs.map((c) => `${c.term.text.replace(/^[+]/, '')} ${c.lookups}${c.unresolved ? ' or more' : ''}`);
  return parts.length > max ? parts.slice(0, max).join(', ') + `, and ${parts.length - max} more` : parts.join(', ');
}
