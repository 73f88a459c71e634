/**
 * The cluster figure: movements per second and stock queries per second through nginx, with one
 * server instance and with three on the same PostgreSQL, in the same run. Clients leave from
 * distinct loopback addresses, as devices would, so nginx's sticky hash spreads them.
 */
import type { Product, Warehouse } from '@stockline/protocol';
import { postgresMissing } from '../apps/server/src/store/postgres/testing/availability';
import { ClusterStack, buildServerBundle } from '../test/cluster/stack';
import { Api, movement } from '@stockline/test/support/api';
import { nginxMissing } from '@stockline/test/support/nginx';
import { closeSourceAgents, fetchFrom, loopbackAddress } from '@stockline/test/support/source-address';
import { closedLoop, type LoadFigures } from './load';

type Report = (name: string, value: number, unit: string, baselineName: string, baselineValue: number) => void;
type Show = (label: string, figures: LoadFigures) => void;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const QUERY_CLIENTS = 64;
const PUSH_CLIENTS = 8;
const BATCH = 50;

async function measure(instances: number, show: Show): Promise<{ movements: number; queries: number }> {
  // A durable database (fsync on), as in production.
  const stack = await ClusterStack.start(instances, { fastDatabase: false });
  try {
    const admin = await Api.login(stack.url);
    const warehouses: Warehouse[] = [];
    for (let i = 0; i < 4; i++) warehouses.push(await admin.createWarehouse());
    const products: Product[] = [];
    for (let i = 0; i < 100; i++) products.push(await admin.createProduct({ barcode: `CLUSTER${i}` }));
    const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length] as T;
    const client = (n: number) => admin.via(fetchFrom(loopbackAddress(2000 + n)));

    await closedLoop(QUERY_CLIENTS, 1, async (c, i) => (await client(c).request('GET', `/api/v1/stock/${pick(warehouses, c).id}/${pick(products, i).id}`)).status === 200);
    const queries = await closedLoop(QUERY_CLIENTS, SECONDS, async (c, i) =>
      (await client(c).request('GET', `/api/v1/stock/${pick(warehouses, c).id}/${pick(products, i * 7 + c).id}`)).status === 200,
    );
    show(`${instances} instance(s): GET /api/v1/stock/:w/:p through nginx, ${QUERY_CLIENTS} clients`, queries);

    const pushes = await closedLoop(PUSH_CLIENTS, SECONDS, async (c, i) => {
      const body = Array.from({ length: BATCH }, (_, k) =>
        movement({ type: 'restock', warehouseId: pick(warehouses, c + i).id, productId: pick(products, c * BATCH + k).id, quantity: 1 }),
      );
      return (await client(500 + c).request('POST', '/api/v1/movements', { movements: body })).status === 200;
    });
    show(`${instances} instance(s): pushes of ${BATCH} movements through nginx, ${PUSH_CLIENTS} clients`, pushes);
    return { movements: (pushes.requests - pushes.errors) * BATCH / SECONDS, queries: queries.perSecond };
  } finally {
    await stack.stop();
  }
}

export async function clusterFigures(report: Report, show: Show): Promise<void> {
  const missing = postgresMissing() ?? nginxMissing();
  if (missing) {
    console.log(`\ncluster figures skipped: ${missing}`);
    return;
  }
  console.log('\ncluster: PostgreSQL + nginx, 1 instance then 3 instances');
  buildServerBundle();
  const one = await measure(1, show);
  const three = await measure(3, show);
  await closeSourceAgents();
  report('cluster pushed movements per second, 3 instances', three.movements, 'mov/s', '1 instance', one.movements);
  report('cluster stock queries per second, 3 instances', three.queries, 'req/s', '1 instance', one.queries);
}
