// Records grouped by owner name, compared without regard to ASCII case (RFC 4343). A hash
// table in typed arrays: a zone of a million records has hundreds of thousands of owners, and
// a Map of arrays costs seconds and a hundred megabytes there. Lists are made when asked for.
import type { ZoneRecord } from '../zone/types';

function lowerCode(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
}

function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ lowerCode(name.charCodeAt(i)), 0x01000193);
  return h >>> 0;
}

function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (lowerCode(a.charCodeAt(i)) !== lowerCode(b.charCodeAt(i))) return false;
  return true;
}

export class OwnerTable implements ReadonlyMap<string, ZoneRecord[]> {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly next: Int32Array;
  private readonly first: Int32Array;
  /** The owner of each group as first written (any case). */
  private readonly owners: string[] = [];

  constructor(private readonly records: readonly ZoneRecord[]) {
    let capacity = 16;
    while (capacity < records.length * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.next = new Int32Array(records.length).fill(-1);
    const initial = Math.max(16, records.length);
    this.first = new Int32Array(initial).fill(-1);
    // The tail of each group's chain is needed only while building.
    const last = new Int32Array(initial);
    let previousOwner: string | undefined;
    let group = -1;
    for (let i = 0; i < records.length; i++) {
      const owner = records[i].owner;
      // Records of one owner usually follow each other, often sharing the very same string.
      if (owner !== previousOwner) {
        previousOwner = owner;
        group = this.groupOf(owner, true);
      }
      if (this.first[group] < 0) this.first[group] = i;
      else this.next[last[group]] = i;
      last[group] = i;
    }
  }

  /** Group id of a name, or -1; with `create`, a new group when there is none. */
  private groupOf(name: string, create: boolean): number {
    let slot = hashName(name) & this.mask;
    for (;;) {
      const g = this.slots[slot] - 1;
      if (g < 0) break;
      if (sameName(this.owners[g], name)) return g;
      slot = (slot + 1) & this.mask;
    }
    if (!create) return -1;
    const g = this.owners.length;
    this.owners.push(name);
    this.slots[slot] = g + 1;
    return g;
  }

  private list(group: number): ZoneRecord[] {
    let n = 0;
    for (let i = this.first[group]; i >= 0; i = this.next[i]) n++;
    const out: ZoneRecord[] = new Array(n);
    for (let i = this.first[group], k = 0; i >= 0; i = this.next[i]) out[k++] = this.records[i];
    return out;
  }

  get size(): number {
    return this.owners.length;
  }

  get(name: string): ZoneRecord[] | undefined {
    const g = this.groupOf(name, false);
    return g < 0 ? undefined : this.list(g);
  }

  has(name: string): boolean {
    return this.groupOf(name, false) >= 0;
  }

  /** Number of records at a name, without making the list. */
  countAt(name: string): number {
    const g = this.groupOf(name, false);
    let n = 0;
    if (g >= 0) for (let i = this.first[g]; i >= 0; i = this.next[i]) n++;
    return n;
  }

  *keys(): MapIterator<string> {
    for (const owner of this.owners) yield owner.toLowerCase();
  }

  *values(): MapIterator<ZoneRecord[]> {
    for (let g = 0; g < this.owners.length; g++) yield this.list(g);
  }

  *entries(): MapIterator<[string, ZoneRecord[]]> {
    for (let g = 0; g < this.owners.length; g++) yield [this.owners[g].toLowerCase(), this.list(g)];
  }

  [Symbol.iterator](): MapIterator<[string, ZoneRecord[]]> {
    return this.entries();
  }

  forEach(callback: (value: ZoneRecord[], key: string, map: ReadonlyMap<string, ZoneRecord[]>) => void): void {
    for (const [k, v] of this.entries()) callback(v, k, this);
  }
}
