import { Router } from 'express';
import { CreateUserRequest } from '@stockline/protocol';
import type { UserService } from '../../services/users';
import { requireRole } from '../auth';
import { parse } from '../validate';

export function userRoutes(users: UserService): Router {
  const router = Router();
  router.post('/', requireRole('admin'), async (req, res) => {
    res.status(201).json(await users.create(parse(CreateUserRequest, req.body, 'user')));
  });
  return router;
}
