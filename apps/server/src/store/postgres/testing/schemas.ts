import pg from 'pg';

/**
 * Fresh, empty stores on one cluster without a CREATE DATABASE each: every store gets its own
 * schema, selected through the connection's search_path (`options` in the URL).
 */
export async function freshSchemaUrl(clusterUrl: string, name: string): Promise<string> {
  const client = new pg.Client(clusterUrl);
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(clusterUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  return url.toString();
}
