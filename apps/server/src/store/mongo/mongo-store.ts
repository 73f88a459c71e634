import type { Store } from '../port';

export async function openMongoStore(_uri: string, _dbName: string): Promise<Store> {
  throw new Error('the MongoDB store is not built yet');
}
