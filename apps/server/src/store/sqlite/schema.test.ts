import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { STEPS } from './schema';

/**
 * The SHA-256 of every shipped schema step, in order. A database that ran a step never runs it
 * again, so editing a shipped step changes nothing on existing files and leaves them different
 * from new ones: changes go into a new step. Appending a step means appending its hash here.
 */
const SHIPPED = [
  'ae8adfbea412a0b907e4e5d664a01d0868453068210dae509b0be64c2f2cf797',
  '4b11e0b790b008a76130a79db40930f75bbe74f44a140e22c0caa835c2877728',
  '737d655ad52fed788ac12532ea57833ebe6b61a29152bf8bd5f5049a1c93d894',
];

const hashOf = (step: string) => createHash('sha256').update(step).digest('hex');

describe('SQLite schema steps', () => {
  it('no shipped step was edited', () => {
    for (const [index, hash] of SHIPPED.entries()) {
      const step = STEPS[index];
      expect(step !== undefined && hashOf(step), `step ${index} was edited or removed: put the change in a new step appended to STEPS instead`).toBe(hash);
    }
  });

  it('every step is recorded as shipped', () => {
    const unrecorded = STEPS.slice(SHIPPED.length).map((step, i) => `step ${SHIPPED.length + i}: append '${hashOf(step)}' to SHIPPED`);
    expect(unrecorded, 'a new step: record its hash so later edits of it are caught').toEqual([]);
  });
});
