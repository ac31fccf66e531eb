import { test } from 'node:test';
import assert from 'node:assert/strict';
import { warmUpSteps } from '../../server/src/warmUp';

test('the warm-up lints its zone whole once, then its edits incrementally, and ends', () => {
  const modes: string[] = [];
  const step = warmUpSteps((mode) => modes.push(mode));
  let steps = 0;
  while (step()) assert.ok(++steps < 100, 'the warm-up ends');
  assert.equal(modes[0], 'full');
  assert.ok(modes.length > 10);
  // The code the user's edits run is the incremental lint's: most of the warm-up must take that path.
  assert.ok(modes.filter((m) => m === 'incremental').length >= modes.length - 3, modes.join(' '));
});
