import { deepEqual, type RxConflictHandler } from 'rxdb';

/**
 * The one conflict rule of every collection: the server's state wins. It is how a movement's
 * verdict reaches the device: the push handler answers RxDB with the server's state of each
 * pushed movement (its verdict, with the device's local-only fields already kept), RxDB finds it
 * differs from the pending document and writes it. Pulled collections are read-only on the
 * device, and an alert's acknowledgement is answered the same way. Stated here rather than left
 * to RxDB's default, so that a change of that default cannot silently change the verdict path.
 */
export function serverStateWins<T>(): RxConflictHandler<T> {
  return {
    isEqual: (a, b) => deepEqual(a, b),
    resolve: async (input) => input.realMasterState,
  };
}
