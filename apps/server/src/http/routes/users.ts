import type { Router } from 'express';
import { strictRouter } from '../strict-router';
import { CreateUserRequest, Id, UpdateUserRequest } from '@stockline/protocol';
import { notFound } from '../../services/errors';
import type { UserService } from '../../services/users';
import { requireRole, userOf } from '../auth';
import { parse } from '../validate';

export function userRoutes(users: UserService): Router {
  const router = strictRouter();
  router.post('/', requireRole('admin'), async (req, res) => {
    res.status(201).json(await users.create(parse(CreateUserRequest, req.body, 'user')));
  });
  router.get('/', requireRole('admin'), async (_req, res) => {
    res.json({ items: await users.list() });
  });
  router.patch('/:id', requireRole('admin'), async (req, res) => {
    const id = String(req.params.id);
    if (!Id.safeParse(id).success) throw notFound('user');
    res.json(await users.update(userOf(res).id, id, parse(UpdateUserRequest, req.body, 'user change')));
  });
  return router;
}
