import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, describe } from 'vitest';
import { describeStoreConformance } from '../conformance';
import { openStore } from '../index';

const uri = process.env.MONGODB_URI;

// MongoDB cannot be installed on the machines this suite usually runs on, so it needs a replica
// set given by MONGODB_URI (e.g. mongodb://127.0.0.1:27017/?replicaSet=rs0). Without one the
// suite is skipped, and says so loudly rather than passing in silence.
if (!uri) {
  console.warn(
    '[mongo conformance] skipped: MONGODB_URI is not set; point it at a MongoDB replica set (transactions need one) to run the Store conformance suite against MongoDB',
  );
}

describe.skipIf(!uri)('mongodb adapter (needs MONGODB_URI: a replica set, for transactions)', () => {
  // Each store gets its own database, so tests never see each other's documents; all are dropped.
  const names: string[] = [];
  afterAll(async () => {
    const client = await new MongoClient(uri ?? '').connect();
    for (const name of names) await client.db(name).dropDatabase();
    await client.close();
  });
  describeStoreConformance(
    'mongodb',
    () => {
      const dbName = `stockline_test_${randomUUID().slice(0, 8)}`;
      names.push(dbName);
      return openStore({ kind: 'mongodb', uri: uri ?? '', dbName });
    },
    { propertyRuns: 10 },
  );
});
