/**
 * autocannon in a process of its own. argv[2]: {url, paths, token?, connections, seconds}.
 * Prints nothing; answers {type: 'result', ...} over IPC and exits.
 */
import autocannon from 'autocannon';

interface Args {
  url: string;
  paths: string[];
  token?: string;
  connections: number;
  seconds: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
let i = 0;
const result = await autocannon({
  url: args.url,
  connections: args.connections,
  duration: args.seconds,
  headers: args.token ? { authorization: `Bearer ${args.token}` } : {},
  requests: [
    {
      method: 'GET',
      setupRequest: (req) => ({ ...req, path: args.paths[i++ % args.paths.length] }),
    },
  ],
});
process.send?.({
  type: 'result',
  requests: result.requests.total,
  perSecond: result.requests.average,
  p50: result.latency.p50,
  p99: result.latency.p99,
  max: result.latency.max,
  errors: result.errors + result.timeouts,
  non2xx: result.non2xx,
});
process.disconnect?.();
