import type { NextFunction, RequestHandler } from 'express';

/**
 * Several middlewares as one Express layer. Every layer Express walks costs a path match, a
 * prefix trim and a URL parse, and a stock query walked five of them per resource (token,
 * rate limit, two for the body) before its route. Express's own rules hold inside: `next(error)`
 * and a thrown error or rejected promise go to the error handlers, and `next()` from the last
 * one leaves the chain.
 */
export function chain(...handlers: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    let index = 0;
    const step: NextFunction = (error?: unknown) => {
      const handler = handlers[index++];
      if (error !== undefined || !handler) {
        next(error);
        return;
      }
      try {
        const result: unknown = handler(req, res, step);
        if (result instanceof Promise) result.catch((reason: unknown) => next(reason ?? new Error('rejected promise')));
      } catch (thrown) {
        next(thrown);
      }
    };
    step();
  };
}
