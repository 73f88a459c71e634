import { createReplicaDatabase, type DatabaseOptions, type ReplicaDatabase } from './create';

/**
 * Deletes a user's database from the device, pulled data and sync checkpoints included, and
 * puts back only the movements the server has not answered yet: they are this user's work, sent
 * at their next sign-in (a fresh database pulls everything else again then). The unsent ones are
 * read before anything is deleted; if putting them back fails they are still in the error.
 */
export async function forgetPulled(db: ReplicaDatabase, options: DatabaseOptions): Promise<void> {
  const unsent = (await db.movements.find({ selector: { state: 'pending' } }).exec()).map((d) => d.toMutableJSON());
  await db.remove();
  if (unsent.length === 0) return;
  const fresh = await createReplicaDatabase(options);
  try {
    const { error } = await fresh.movements.bulkInsert(unsent);
    if (error.length > 0)
      throw new Error(`${error.length} unsent movements could not be kept: ${JSON.stringify(unsent.map((m) => m.id))}`);
  } finally {
    await fresh.close();
  }
}
