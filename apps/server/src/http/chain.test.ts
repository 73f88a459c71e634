import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chain } from './chain';

// A real Express app on an ephemeral port: the chain must behave as the same handlers mounted
// one by one would, errors included.
describe('chain: several middlewares as one layer', () => {
  let url = '';
  let close = () => {};
  const seen: string[] = [];
  const mark =
    (name: string): RequestHandler =>
    (_req, _res, next) => {
      seen.push(name);
      next();
    };
  beforeAll(async () => {
    const app = express();
    app.get('/order', chain(mark('a'), mark('b'), mark('c')), (_req, res) => res.json(seen.splice(0)));
    app.get(
      '/answers',
      chain(mark('a'), (_req, res) => res.json({ stoppedAt: 'b' }), mark('never')),
    );
    app.get(
      '/thrown',
      chain(
        mark('a'),
        () => {
          throw new Error('thrown');
        },
        mark('never'),
      ),
    );
    app.get(
      '/rejected',
      chain(
        mark('a'),
        async () => {
          await Promise.resolve();
          throw new Error('rejected');
        },
        mark('never'),
      ),
    );
    app.get(
      '/next-error',
      chain((_req, _res, next) => next(new Error('passed on')), mark('never')),
    );
    app.get('/empty', chain(), (_req, res) => res.json('after'));
    const onError: ErrorRequestHandler = (error: Error, _req, res, _next) => {
      res.status(418).json({ error: error.message, seen: seen.splice(0) });
    };
    app.use(onError);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  const get = async (path: string) => {
    const res = await fetch(url + path);
    return { status: res.status, body: await res.json() };
  };

  it('runs the handlers in order, then leaves the chain', async () => {
    expect(await get('/order')).toEqual({ status: 200, body: ['a', 'b', 'c'] });
  });
  it('stops where a handler answers', async () => {
    expect(await get('/answers')).toEqual({ status: 200, body: { stoppedAt: 'b' } });
    expect(seen.splice(0)).toEqual(['a']);
  });
  it('sends a thrown error, a rejected promise and next(error) to the error handler, skipping the rest', async () => {
    expect(await get('/thrown')).toEqual({ status: 418, body: { error: 'thrown', seen: ['a'] } });
    expect(await get('/rejected')).toEqual({ status: 418, body: { error: 'rejected', seen: ['a'] } });
    expect(await get('/next-error')).toEqual({ status: 418, body: { error: 'passed on', seen: [] } });
  });
  it('an empty chain passes straight on', async () => {
    expect(await get('/empty')).toEqual({ status: 200, body: 'after' });
  });
});
