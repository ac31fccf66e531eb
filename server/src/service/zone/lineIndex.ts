// Offsets to LSP positions (0-based line, UTF-16 character) and back.

export interface Position {
  line: number;
  character: number;
}

export class LineIndex {
  private readonly starts: Uint32Array;

  constructor(private readonly text: string) {
    // indexOf finds line ends natively, several times faster than a loop over the characters.
    let starts = new Uint32Array(Math.max(16, Math.ceil(text.length / 32)));
    let n = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      if (n === starts.length) {
        const grown = new Uint32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[n++] = i + 1;
    }
    this.starts = starts.slice(0, n);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: Math.min(offset, this.text.length) - starts[lo] };
  }

  offset(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[Math.max(0, position.line)];
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length + 1;
    return Math.min(start + Math.max(0, position.character), next - 1, this.text.length);
  }

  lineStart(line: number): number {
    return this.starts[line];
  }
}
