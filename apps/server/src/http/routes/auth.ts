import type { RequestHandler, Router } from 'express';
import { strictRouter } from '../strict-router';
import { LoginRequest } from '@stockline/protocol';
import type { AuthService } from '../../services/auth';
import { parse } from '../validate';

export function authRoutes(auth: AuthService, limiters: RequestHandler[]): Router {
  const router = strictRouter();
  router.post('/login', ...limiters, async (req, res) => {
    res.json(await auth.login(parse(LoginRequest, req.body, 'login')));
  });
  return router;
}
