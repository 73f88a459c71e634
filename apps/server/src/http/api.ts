import cors from 'cors';
import type { Express } from 'express';
import { strictRouter } from './strict-router';
import { API_PREFIX } from '@stockline/protocol';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Services } from '../services';
import { authenticate } from './auth';
import { jsonBody } from './body';
import { chain } from './chain';
import { apiNotFound, refuseTrailingSlash } from './errors';
import { requireSupportedProtocol } from './protocol-version';
import { apiHeaders } from './security-headers';
import { apiLimiter, badTokenLimiter, loginLimiters } from './rate-limits';
import { adminRoutes } from './routes/admin';
import { alertRoutes } from './routes/alerts';
import { authRoutes } from './routes/auth';
import { deviceRoutes } from './routes/devices';
import { exportRoutes } from './routes/export';
import { importRoutes } from './routes/import';
import { labelRoutes } from './routes/labels';
import { locationRoutes, warehouseLocationRoutes } from './routes/locations';
import { movementRoutes } from './routes/movements';
import { productRoutes } from './routes/products';
import { reviewRoutes } from './routes/review';
import { unknownCodeRoutes } from './routes/unknown-codes';
import { stockRoutes, stockRowRoute } from './routes/stock';
import { syncRoutes } from './routes/sync';
import { userRoutes } from './routes/users';
import { warehouseRoutes } from './routes/warehouses';

/** A login body is two short strings: anything bigger is refused before it is parsed. */
const LOGIN_BODY_LIMIT_BYTES = 4096;

/**
 * Everything under /api/v1: JSON in, JSON out; only login is reachable without a token. The
 * single-row stock read, the most frequent request of all, is also mounted on the app itself
 * with the very same handlers ahead of the API router, so it skips that router's walk.
 */
export function mountApi(app: Express, config: Config, services: Services, logger: Logger): void {
  const api = strictRouter();
  // Same-origin by default: CORS headers only for the origins CORS_ORIGIN names.
  const corsHeaders = config.corsOrigin === false ? [] : [cors({ origin: config.corsOrigin, maxAge: 600 })];
  const preamble = chain(apiHeaders(), ...corsHeaders, requireSupportedProtocol);
  api.use(preamble);
  // A router mounted at /warehouses answers /warehouses/ too (the mount strips the slash):
  // strict routing cannot refuse it there, so it is refused here, for every resource.
  api.use(refuseTrailingSlash);
  api.use('/auth', jsonBody(LOGIN_BODY_LIMIT_BYTES), authRoutes(services.auth, loginLimiters(config)));
  // Authentication per resource (not for the whole prefix), so an unknown path is a 404 for anyone.
  // The token is checked before the body is read, so an unauthenticated caller cannot make the
  // server parse (up to BODY_LIMIT_BYTES of) JSON. Each chain is one layer (see chain.ts).
  // One token check and one per-user budget for every resource, imports included.
  const checkToken = authenticate(services.auth, badTokenLimiter(config));
  const perUserLimit = apiLimiter(config);
  const authenticated = chain(checkToken, perUserLimit);
  const signedIn = chain(checkToken, perUserLimit, jsonBody(config.bodyLimitBytes));
  const stockRow = stockRowRoute(services.inventory, services.locations);
  app.get(`${API_PREFIX}/stock/:warehouseId/:productId`, preamble, signedIn, stockRow);
  // The floor's hot paths first: Express tries the mounts in order.
  api.use('/stock', signedIn, stockRoutes(services.inventory, services.locations));
  api.use('/sync', signedIn, syncRoutes(services.sync));
  api.use('/movements', signedIn, movementRoutes(services.inventory));
  api.use('/products', signedIn, productRoutes(services.catalog));
  api.use('/alerts', signedIn, alertRoutes(services.alerts));
  api.use('/review', signedIn, reviewRoutes(services.review));
  api.use('/unknown-codes', signedIn, unknownCodeRoutes(services.unknownCodes));
  api.use('/warehouses/:warehouseId/locations', signedIn, warehouseLocationRoutes(services.locations));
  api.use('/warehouses', signedIn, warehouseRoutes(services.catalog));
  api.use('/locations', signedIn, locationRoutes(services.locations));
  api.use('/users', signedIn, userRoutes(services.users));
  // CSV uploads carry their own body parser (text/csv, IMPORT_LIMIT_BYTES), read after the token check too.
  api.use('/import', authenticated, importRoutes(services.imports, config.importLimitBytes));
  api.use('/admin', signedIn, adminRoutes(services.backups, logger));
  api.use('/export', signedIn, exportRoutes(services.catalog, services.inventory, services.locations));
  api.use('/devices', signedIn, deviceRoutes(services.devices));
  api.use('/labels', signedIn, labelRoutes(services.catalog, services.locations));
  api.use(apiNotFound);
  app.use(API_PREFIX, api);
}
