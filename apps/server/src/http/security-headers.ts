import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * The web app's pages and files: helmet's defaults, with images from data: and blob: URLs (the
 * camera preview and generated labels). Served over plain HTTP on a LAN as often as behind TLS,
 * so sub-requests are not forced to https.
 */
export function webAppHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: { 'upgrade-insecure-requests': null, 'img-src': ["'self'", 'data:', 'blob:'] },
    },
  });
}

/**
 * API answers are JSON that nothing renders or runs, so they carry what protects a JSON body
 * (the usual set for REST APIs): no sniffing it into HTML, no framing, a policy that loads
 * nothing, no referrer, same-origin resource policy and HSTS. The page-only headers (script
 * sources, DNS prefetch, IE download options, ...) would only cost bytes on every answer.
 */
export function apiHeaders(): RequestHandler {
  const fixed = headersOf(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] },
      },
      xFrameOptions: { action: 'deny' },
      crossOriginOpenerPolicy: false,
      originAgentCluster: false,
      xDnsPrefetchControl: false,
      xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false,
      xXssProtection: false,
    }),
  );
  return (_req, res, next) => {
    for (const [name, value] of fixed) res.setHeader(name, value);
    next();
  };
}

/**
 * The headers a helmet instance sets. With a fixed configuration they are the same on every
 * response, so they are worked out once by running helmet against a recording response,
 * and the API sets them directly (helmet walks a dozen middlewares per response otherwise).
 */
function headersOf(middleware: RequestHandler): Array<[string, string]> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string) => void headers.set(name, String(value)),
    removeHeader: (name: string) => void headers.delete(name),
  };
  let done = false;
  middleware({} as never, recorder as never, () => {
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously');
  return [...headers];
}
