import { Router } from 'express';
import type { Config } from '../config';
import type { Services } from '../services';
import { authenticate } from './auth';
import { jsonBody } from './body';
import { apiNotFound } from './errors';
import { requireSupportedProtocol } from './protocol-version';
import { apiLimiter, badTokenLimiter, loginLimiters } from './rate-limits';
import { alertRoutes } from './routes/alerts';
import { authRoutes } from './routes/auth';
import { movementRoutes } from './routes/movements';
import { productRoutes } from './routes/products';
import { reviewRoutes } from './routes/review';
import { stockRoutes } from './routes/stock';
import { syncRoutes } from './routes/sync';
import { userRoutes } from './routes/users';
import { warehouseRoutes } from './routes/warehouses';

/** A login body is two short strings: anything bigger is refused before it is parsed. */
const LOGIN_BODY_LIMIT_BYTES = 4096;

/** Everything under /api/v1: JSON in, JSON out; only login is reachable without a token. */
export function apiRouter(config: Config, services: Services): Router {
  const api = Router();
  api.use(requireSupportedProtocol);
  api.use('/auth', jsonBody(LOGIN_BODY_LIMIT_BYTES), authRoutes(services.auth, loginLimiters(config)));
  // Authentication per resource (not for the whole prefix), so an unknown path is a 404 for anyone.
  // The token is checked before the body is read, so an unauthenticated caller cannot make the
  // server parse (up to BODY_LIMIT_BYTES of) JSON.
  const signedIn = [authenticate(services.auth, badTokenLimiter(config)), apiLimiter(config), ...jsonBody(config.bodyLimitBytes)];
  api.use('/users', signedIn, userRoutes(services.users));
  api.use('/warehouses', signedIn, warehouseRoutes(services.catalog));
  api.use('/products', signedIn, productRoutes(services.catalog));
  api.use('/stock', signedIn, stockRoutes(services.inventory));
  api.use('/movements', signedIn, movementRoutes(services.inventory));
  api.use('/alerts', signedIn, alertRoutes(services.alerts));
  api.use('/review', signedIn, reviewRoutes(services.review));
  api.use('/sync', signedIn, syncRoutes(services.sync));
  api.use(apiNotFound);
  return api;
}
