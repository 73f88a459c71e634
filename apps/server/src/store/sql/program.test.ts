import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Query } from './dialect';
import { all, one, runAsync, runSync, type Program } from './program';

/** A statement that "fails" in the executors below, as a unique violation would. */
const FAILS = 'INSERT clash';

/** Yields each text in turn, catching a failure of the failing one, and returns what it saw. */
function* script(texts: readonly string[]): Program<string[]> {
  const seen: string[] = [];
  for (const text of texts) {
    try {
      const row = yield* one<{ text: string }>({ text, params: [] });
      seen.push(row?.text ?? 'none');
    } catch (error) {
      seen.push(`caught ${(error as Error).message}`);
    }
  }
  seen.push(String((yield* all({ text: 'SELECT last', params: [] })).length));
  return seen;
}

function answer(query: Query): unknown[] {
  if (query.text === FAILS) throw new Error('duplicate');
  return query.text.startsWith('SELECT') ? [{ text: query.text }] : [];
}

describe('sql programs', () => {
  it('run the same statements to the same result synchronously and asynchronously, errors thrown back in', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('SELECT a', 'UPDATE b', FAILS)), async (texts) => {
        const syncRan: string[] = [];
        const asyncRan: string[] = [];
        const syncResult = runSync(script(texts), (query) => (syncRan.push(query.text), answer(query)));
        const asyncResult = await runAsync(script(texts), async (query) => (asyncRan.push(query.text), answer(query)));
        expect(asyncResult).toEqual(syncResult);
        expect(asyncRan).toEqual(syncRan);
        expect(syncRan).toEqual([...texts, 'SELECT last']);
        expect(syncResult.filter((s) => s === 'caught duplicate')).toHaveLength(
          texts.filter((t) => t === FAILS).length,
        );
      }),
    );
  });

  it('pass an error the program does not catch to the caller, running nothing after it', async () => {
    function* failing(): Program<string> {
      yield* one({ text: FAILS, params: [] });
      yield* one({ text: 'SELECT never', params: [] });
      return 'done';
    }
    const ran: string[] = [];
    expect(() => runSync(failing(), (query) => (ran.push(query.text), answer(query)))).toThrow('duplicate');
    await expect(runAsync(failing(), async (query) => (ran.push(query.text), answer(query)))).rejects.toThrow(
      'duplicate',
    );
    expect(ran).toEqual([FAILS, FAILS]);
  });
});
