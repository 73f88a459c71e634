import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import express from 'express';
import proxyaddr from 'proxy-addr';
import type { Logger } from 'pino';
import type { Config } from './config';
import { mountApi } from './http/api';
import { chain } from './http/chain';
import { errorHandler, rejectMalformedPath, sendError } from './http/errors';
import { Lifecycle } from './http/lifecycle';
import { readiness, READY_BOUND_MS, within } from './http/readiness';
import { observeRequests } from './http/observe';
import { webAppHeaders } from './http/security-headers';
import { metricsRoute } from './http/metrics-route';
import { HandshakeBrake } from './http/rate-limits';
import { webApp } from './http/web-app';
import { ServerMetrics } from './metrics';
import { attachRealtime, type RealtimeServer } from './realtime/socket-server';
import { raisedAlerts } from './services/change-feed';
import { createServices, type Services } from './services';
import { resolveJwtSecret } from './secrets';
import type { BroadcastRelay, Store } from './store';

/** How often Node looks for requests past their header or request timeout (its default: 30 s). */
const CONNECTIONS_CHECK_MS = 1_000;

export interface StocklineServer {
  httpServer: HttpServer;
  io: RealtimeServer;
  services: Services;
  metrics: ServerMetrics;
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(port?: number, host?: string): Promise<number>;
  /** Stops accepting, closes sockets and open connections. The store is the caller's to close. */
  close(): Promise<void>;
  /**
   * The SIGTERM path: /readyz turns 503, new requests are turned away, running ones (a batch
   * being applied) get up to `timeoutMs` to finish, then every socket is told the server is
   * restarting and closed. Resolves true when nothing was cut off. For the first `windowMs`
   * (within the bound) the listener keeps answering: /readyz 503, /healthz as ever, everything
   * else 503 "server restarting", so load balancers and clients see the drain.
   */
  drain(timeoutMs: number, windowMs?: number): Promise<boolean>;
  lifecycle: Lifecycle;
}

export interface ServerOptions {
  now?: () => string;
  /** A Socket.IO adapter relaying broadcasts between instances (see store/broadcast-relay.ts). */
  socketAdapter?: BroadcastRelay['adapter'] | undefined;
  /** Where the stock read model pulls from, when not `store` (main.ts: a connection of its own). */
  readModelFeed?: Pick<Store, 'pull' | 'pullable'> | undefined;
}

/**
 * Builds the whole server around a store without listening, so tests run it in-process on an
 * ephemeral port and main.ts runs it for real.
 */
export function createServer(
  config: Config,
  store: Store,
  logger: Logger,
  options: ServerOptions = {},
): StocklineServer {
  const metrics = new ServerMetrics();
  const services = createServices(store, {
    jwtSecret: resolveJwtSecret(config.jwtSecret, config.dataDir),
    jwtTtlSeconds: config.jwtTtlSeconds,
    now: options.now,
    onVerdicts: (verdicts) => metrics.countVerdicts(verdicts),
    onPull: (answer) => metrics.pulls.inc({ shared: String(answer.shared) }),
    onListenerError: (error) => logger.error({ err: error }, 'change listener failed'),
    // The SQLite store keeps its own read model (store/sqlite/stock-rows.ts).
    readModelLagMs: store.kind === 'postgres' ? config.readModelLagMs : 0,
    readModelFeed: options.readModelFeed,
    onReadModelFeed: (event) =>
      event.ok
        ? logger.info('stock read model caught up again; stock reads come from memory')
        : logger.warn(
            { err: event.error },
            'stock read model lost its feed; stock reads go to the database until it catches up',
          ),
    // The SQLite store keeps users in memory itself (store/sqlite/user-cache.ts).
    userCacheLagMs: store.kind === 'sqlite' ? 0 : config.userCacheLagMs,
    onUserCacheFeed: (event) =>
      event.ok
        ? logger.info('user cache has its feed again; token checks use users in memory')
        : logger.warn(
            { err: event.error },
            'user cache lost its feed; token checks read the database until it is back',
          ),
    restoreSettleMs: config.restoreSettleMs,
  });
  services.feed.subscribe((changes) => metrics.alertsRaised.inc(raisedAlerts(changes).length));
  const readModel = services.stockReadModel;
  if (readModel) metrics.watchReadModel(() => readModel.status());
  const userCache = services.userCache;
  if (userCache) metrics.watchUserCache(() => userCache.status());

  const lifecycle = new Lifecycle();
  const app = express();
  app.disable('x-powered-by');
  // No ETag on API answers: nothing revalidates them (replicas sync by checkpoint), and it cost a
  // hash of every response body. The web app's files carry their own (express.static).
  app.disable('etag');
  app.set('trust proxy', config.trustProxy);
  // Paths match exactly (see http/strict-router.ts); set before the first route creates the router.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  // What every request passes through, as one layer (see http/chain.ts).
  app.use(chain(lifecycle.middleware, observeRequests(metrics, logger), rejectMalformedPath));

  mountApi(app, config, services, logger);
  app.use(webAppHeaders());

  app.get('/healthz', async (_req, res) => {
    const ok = await within(READY_BOUND_MS, store.ping(), false);
    res.status(ok ? 200 : 503).json({ ok, store: store.kind });
  });
  app.get('/readyz', readiness(store, lifecycle));
  app.get('/metrics', metricsRoute(metrics, config.metricsToken));
  app.use(webApp(config.webDir));
  app.use((req, res) => sendError(res, 'not_found', `no route ${req.method} ${req.path}`));
  app.use(errorHandler(logger));

  const httpServer = createHttpServer(
    {
      // A client that trickles its headers or body (slowloris) is answered 408 and cut off
      // within the bound plus the check interval, instead of holding a connection for Node's
      // default 300 s. A WebSocket, once upgraded, is no longer an HTTP request and is not cut.
      headersTimeout: config.timeouts.headersMs,
      requestTimeout: config.timeouts.requestMs,
      keepAliveTimeout: config.timeouts.keepAliveMs,
      connectionsCheckingInterval: CONNECTIONS_CHECK_MS,
    },
    app,
  );
  const badHandshakes = new HandshakeBrake(config.rateLimit.badTokens, config.rateLimit.windowMs);
  const trust = app.get('trust proxy fn') as Parameters<typeof proxyaddr>[1];
  const io = attachRealtime(httpServer, {
    auth: services.auth,
    feed: services.feed,
    metrics,
    logger,
    corsOrigin: config.corsOrigin,
    badTokens: badHandshakes,
    socketsPerUser: config.socketsPerUser,
    clientAddress: (req) => proxyaddr(req, trust),
    pullable: store.pullable?.bind(store),
  });
  if (options.socketAdapter) io.adapter(options.socketAdapter);

  return {
    httpServer,
    io,
    services,
    metrics,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    lifecycle,
    async drain(timeoutMs, windowMs = 0) {
      lifecycle.startDraining();
      const deadline = Date.now() + timeoutMs;
      // The drain window: still listening, so a load balancer polling /readyz and a client
      // opening a new connection are told "draining" instead of meeting a refused connection.
      // Answers given while draining carry `Connection: close`, so keep-alive connections end
      // with their next answer.
      await new Promise((resolve) => setTimeout(resolve, Math.min(windowMs, timeoutMs)));
      // Then stop accepting; idle keep-alive connections go now, busy ones after their response.
      httpServer.close();
      httpServer.closeIdleConnections();
      const finished = await lifecycle.whenIdle(Math.max(0, deadline - Date.now()));
      // Said first, then a server-side disconnect, which clients see as "io server disconnect".
      io.emit('restarting', { reason: 'server_restarting' });
      io.disconnectSockets();
      const closed = new Promise<void>((resolve) => void io.close(() => resolve()));
      // Whatever did not finish within the bound is cut off now, so the close can complete.
      httpServer.closeAllConnections();
      await closed;
      await services.stockReadModel?.close();
      await services.userCache?.close();
      return finished;
    },
    async close() {
      // io.close() disconnects every socket and closes the HTTP server; idle keep-alive
      // connections are closed too, and busy ones get a moment to finish their response.
      badHandshakes.close();
      const closed = new Promise<void>((resolve) => void io.close(() => resolve()));
      httpServer.closeIdleConnections();
      const force = setTimeout(() => httpServer.closeAllConnections(), 5_000);
      force.unref();
      await closed;
      clearTimeout(force);
      await services.stockReadModel?.close();
      await services.userCache?.close();
    },
  };
}
