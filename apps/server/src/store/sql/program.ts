import type { Query } from './dialect';

/**
 * A store operation written once for both SQL stores: a generator that yields each statement
 * and is handed back its rows. SQLite runs it synchronously (runSync, inside its transaction and
 * group commit), PostgreSQL awaits each statement (runAsync). A statement's error is thrown back
 * in where it was yielded, so the operation's own try/catch sees it as if it had run there.
 */
export type Program<R> = Generator<Query, R, unknown[]>;

/** Every row of the statement. */
export function* all<T>(query: Query): Program<T[]> {
  return (yield query) as T[];
}

/** The statement's first row, if any. */
export function* one<T>(query: Query): Program<T | undefined> {
  return ((yield query) as T[])[0];
}

export function runSync<R>(program: Program<R>, execute: (query: Query) => unknown[]): R {
  let step = program.next();
  while (!step.done) {
    let rows: unknown[];
    try {
      rows = execute(step.value);
    } catch (error) {
      step = program.throw(error);
      continue;
    }
    step = program.next(rows);
  }
  return step.value;
}

export async function runAsync<R>(program: Program<R>, execute: (query: Query) => Promise<unknown[]>): Promise<R> {
  let step = program.next();
  while (!step.done) {
    let rows: unknown[];
    try {
      rows = await execute(step.value);
    } catch (error) {
      step = program.throw(error);
      continue;
    }
    step = program.next(rows);
  }
  return step.value;
}
