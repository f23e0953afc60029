import type { FastifyInstance } from 'fastify';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { Config } from '../config.ts';

/**
 * The headers every answer carries (pages, API JSON, TAXII, errors, files), set in the first
 * `onRequest` hook so that an answer refused by a later hook has them too.
 *
 * The Content-Security-Policy allows no inline script and no inline style: the web app's script
 * and stylesheets are files, styles set from script go through the CSSOM (React's `style={{}}`),
 * which CSP does not govern, and Observable Plot's `<style>` element is replaced by rules in
 * styles.css. Nobody may frame a page (clickjacking): `frame-ancestors 'none'` and
 * `X-Frame-Options: DENY` for older browsers.
 */
export function helmetOptions(config: Config): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        styleSrcAttr: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        // Behind HTTPS, a stray http:// sub-resource is fetched over HTTPS instead.
        ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Cross-origin isolation would also need every resource to opt in; nothing here is embedded.
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS only where the site is served over HTTPS (TANSIQ_SECURE_COOKIES=true behind a proxy).
    hsts: config.secureCookies ? { maxAge: 63072000, includeSubDomains: true } : false,
  };
}

/** Powerful browser features the app never uses, refused to it and to anything it might load. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'browsing-topics=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
  'xr-spatial-tracking=()',
].join(', ');

/** Registers helmet and the Permissions-Policy header on the whole app. */
export async function securityHeaders(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(helmet, helmetOptions(config));
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
  });
}
