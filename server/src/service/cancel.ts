// Cancellation of a parse or lint that a newer document version made pointless.

/** Asked now and then during a parse or lint; true stops the work with LintCancelled. */
export type IsCancelled = () => boolean;

/** Thrown out of parseZone, lintParsed and lintLive when their isCancelled answered true. */
export class LintCancelled extends Error {
  constructor() {
    super('lint cancelled');
    this.name = 'LintCancelled';
  }
}

export function throwIfCancelled(isCancelled: IsCancelled | undefined): void {
  if (isCancelled !== undefined && isCancelled()) throw new LintCancelled();
}
