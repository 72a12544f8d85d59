import { Type, type TBoolean } from '@sinclair/typebox';
import type { App } from '../../http/types.js';
import { problemResponses, OrNull } from '../../http/types.js';
import type { Installation } from '../../installation.js';
import { SESSION_COOKIE } from './session-cookie.js';
import { AppError } from '../../shared/errors.js';
import { login, logout } from './auth.service.js';
import { defaultThrottleOptions, type LoginOutcome } from './rate-limit.js';
import { LoginThrottle } from './login-throttle.js';
import { HashPool, HashPoolBusyError } from './password.js';
import { actions, permissions, type Action } from './policy.js';

const SessionInfo = Type.Object({
  agent: Type.Object({ id: Type.Integer(), name: Type.String(), role: Type.String(), language: Type.String() }),
  csrfToken: OrNull.String(),
  /** What the signed-in agent may do, action by action, from the server's own policy. */
  can: Type.Object(Object.fromEntries(actions.map((action) => [action, Type.Boolean()])) as Record<Action, TBoolean>, {
    additionalProperties: false,
  }),
});

export async function authRoutes(app: App, opts: { installation: Installation }) {
  const { config } = opts.installation;
  // Sign-ins check passwords on their own bounded pool: a flood of them waits there (or is refused with 503),
  // never on libuv's threads that the WAL fsync and file reads need.
  const hashPool = new HashPool({ workers: config.loginHashWorkers ?? 1, queue: config.loginHashQueue ?? 16 });
  app.addHook('onClose', () => hashPool.close());
  const throttle = new LoginThrottle('login', {
    ...defaultThrottleOptions,
    ...(config.loginFreeFailures !== undefined && { freeFailures: config.loginFreeFailures }),
    ...(config.loginMaxDelaySeconds !== undefined && { maxDelayMs: config.loginMaxDelaySeconds * 1000 }),
    ...(config.loginAccountFailuresPerMinute !== undefined && {
      accountFailuresPerMinute: config.loginAccountFailuresPerMinute,
    }),
  });
  const secure = config.secureCookies ?? config.publicUrl?.startsWith('https://') ?? false;

  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets an HttpOnly session cookie',
        body: Type.Object(
          {
            email: Type.String({ minLength: 3, maxLength: 254 }),
            password: Type.String({ minLength: 1, maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: SessionInfo, 429: Type.Ref('Problem'), 503: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (request, reply) => {
      // Reserved in one conditional statement before any password is checked: parallel attempts, on this node
      // or another, cannot all pass a check none has counted yet. request.ip is the peer, or what a trusted
      // proxy (config trustProxy) says the client is.
      const anonymous = { ...opts.installation.ctx({ kind: 'system', name: 'login' }), log: request.log };
      const slot = await throttle.reserve(anonymous, request.body.email, request.ip, Date.now());
      if (!slot.ok) {
        const seconds = Math.max(1, Math.ceil(slot.retryAfterMs / 1000));
        reply.header('retry-after', String(seconds));
        throw new AppError(
          429,
          'too_many_attempts',
          `Too many sign-in attempts for this account; wait ${seconds} s and try again`,
        );
      }
      let outcome: LoginOutcome = 'not_checked';
      try {
        const result = await login(
          anonymous,
          {
            email: request.body.email,
            password: request.body.password,
            ip: request.ip,
            userAgent: request.headers['user-agent'],
            sessionDays: config.sessionDays,
          },
          { pool: hashPool },
        );
        outcome = 'succeeded';
        // A new session id on every login: a fixed id planted before sign-in is worthless.
        reply.setCookie(SESSION_COOKIE, result.sessionToken, {
          httpOnly: true,
          sameSite: 'lax',
          secure,
          path: '/',
          expires: new Date(result.expiresAt),
        });
        const actor = { kind: 'agent', ...result.agent } as const;
        return { agent: result.agent, csrfToken: result.csrfToken, can: permissions(actor) };
      } catch (err) {
        if (err instanceof AppError && err.code === 'invalid_credentials') outcome = 'failed';
        if (err instanceof HashPoolBusyError) reply.header('retry-after', String(err.retryAfterSeconds));
        throw err;
      } finally {
        await slot.release(outcome);
      }
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out: ends the session',
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await logout(request.ctx(), cookie);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in, and the CSRF token for mutations',
        response: { 200: SessionInfo, ...problemResponses },
      },
    },
    async (request) => {
      const ctx = request.ctx();
      if (ctx.actor.kind !== 'agent') throw new AppError(403, 'forbidden', 'Only agents have a desk session');
      return {
        agent: { id: ctx.actor.id, name: ctx.actor.name, role: ctx.actor.role, language: ctx.actor.language },
        csrfToken: request.auth?.csrfToken ?? null,
        can: permissions(ctx.actor),
      };
    },
  );
}
