import Fastify, { LogController } from 'fastify';
import { validatorCompiler } from './http/validation.js';
import { sharedSerializers } from './http/serialization.js';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import secureJson from 'secure-json-parse';
import { AppError } from './shared/errors.js';
import type { Installation } from './installation.js';
import { authPlugin } from './http/auth.js';
import { idempotencyPlugin } from './http/idempotency.js';
import { openApiTransform } from './http/openapi.js';
import { errorHandler, sendProblem } from './http/problem.js';
import { ProblemSchema, type App } from './http/types.js';
import {
  apiDocsContentSecurityPolicy,
  deskContentSecurityPolicy,
  isPortalPage,
  portalContentSecurityPolicy,
  uiRoutes,
} from './http/ui.js';
import { connectionLimitsOf, serverTimeouts } from './http/connection-guard.js';
import { systemRoutes } from './modules/system/index.js';
import { apiModules } from './modules/index.js';
import { portalPageRoutes } from './modules/portal/index.js';
import { embedRoutes } from './modules/web-forms/index.js';
import { surveyPageRoutes } from './modules/surveys/index.js';

export interface BuildAppOptions {
  installation: Installation;
  /** Log requests (off in tests to keep output readable). */
  logRequests?: boolean;
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the HTTP app without listening: `serve` listens, tests use `app.inject`. */
export async function buildApp(options: BuildAppOptions): Promise<App> {
  const { installation } = options;
  let ready = false;
  const app = Fastify({
    loggerInstance: installation.log,
    // One line per request, written when it completes (see onResponse below), instead of two.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: installation.config.trustProxy,
    bodyLimit: 1024 * 1024,
    ...serverTimeouts(connectionLimitsOf(installation.config)),
    // An incoming X-Request-Id (from a proxy) is kept when it is safe to log; otherwise a new one.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // __proto__ and constructor.prototype in JSON bodies are refused, never merged.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    schemaController: sharedSerializers,
    // Plugins load modules from disk as they start (@fastify/cookie imports `cookie` then): on a small server
    // whose disk is busy that can take longer than Fastify's default 10 s, and the desk would refuse to start. A
    // plugin that truly hangs still stops the start after a minute.
    pluginTimeout: 60_000,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;
  app.setValidatorCompiler(validatorCompiler);

  const htmlPolicy = deskContentSecurityPolicy();
  const portalPolicy = portalContentSecurityPolicy();
  // Browsers must keep https once they met it: only when the desk is published over https (a plain-http
  // install behind no TLS would lock itself out for a year otherwise).
  const hsts = installation.config.publicUrl?.startsWith('https://') ?? false;
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    // Never framed (clickjacking); X-Frame-Options for browsers that predate CSP's frame-ancestors.
    reply.header('x-frame-options', 'DENY');
    if (hsts) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    // Every HTML page gets the desk's policy unless its route set a stricter one of its own (downloads do);
    // the API docs' own policy replaces this one in swagger-ui's scope.
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html') && !reply.hasHeader('content-security-policy'))
      reply.header('content-security-policy', isPortalPage(request.url) ? portalPolicy : htmlPolicy);
  });
  if (options.logRequests !== false) {
    app.addHook('onResponse', async (request, reply) => {
      request.log.info(
        {
          method: request.method,
          url: request.url,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request',
      );
    });
  }
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      status: 404,
      code: 'not_found',
      detail: `No route ${request.method} ${request.url.split('?')[0]}`,
    }),
  );
  app.addSchema(ProblemSchema);
  // Our own JSON parser so a person learns exactly what is wrong with the body.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (err) {
      const forbidden = /forbidden (prototype|constructor)/i.test((err as Error).message);
      done(
        forbidden
          ? new AppError(
              400,
              'forbidden_key',
              'The JSON body holds a forbidden key (__proto__ or constructor.prototype)',
            )
          : new AppError(400, 'invalid_json', `The body is not valid JSON: ${(err as Error).message}`),
        undefined,
      );
    }
  });

  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: installation.config.attachmentMaxBytes, files: 10, fields: 10, parts: 30 },
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Ondesk API',
        version: '1',
        description: 'REST API of the Ondesk service desk. JSON in camelCase; errors as application/problem+json.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'ondesk_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: openApiTransform(() => app.getSchemas()),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: apiDocsContentSecurityPolicy });
  await app.register(authPlugin, { installation });
  await app.register(idempotencyPlugin, { installation });
  await app.register(systemRoutes, { installation, isReady: () => ready });
  for (const module of apiModules) {
    await app.register(module, { prefix: '/api/v1', installation });
  }
  // The web form's script for clients' sites: at /embed, outside the API.
  await app.register(embedRoutes);
  // The pages a survey mail links to (/survey/…): outside /api, no login, their own form parser and policy.
  await app.register(surveyPageRoutes, { installation });
  // The link a contact's sign-in mail opens (/portal/login/:token): outside /api, it sets the portal cookie.
  await app.register(portalPageRoutes, { installation });
  await app.register(uiRoutes);
  await app.ready();
  ready = true;
  return app;
}
