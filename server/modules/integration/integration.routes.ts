import { Type } from '@sinclair/typebox';
import { problemResponses, type App } from '../../http/types.js';
import { createApiToken, listApiTokens, scopeDescriptions, apiScopes } from '../auth/index.js';
import { AppError } from '../../shared/errors.js';
import { readEvents } from './events-feed.service.js';
import {
  CreatedTokenSchema,
  CreateTokenBody,
  EventsPageSchema,
  EventsQuery,
  ScopeListSchema,
  TokenListQuery,
  TokenListSchema,
} from './integration.schemas.js';

export async function integrationRoutes(app: App) {
  app.post(
    '/tokens',
    {
      schema: {
        tags: ['integration'],
        summary: 'Create an API token of my own with scopes and an expiry; the secret is shown once',
        body: CreateTokenBody,
        response: { 201: CreatedTokenSchema, 422: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      if (ctx.actor.kind !== 'agent') throw new AppError(403, 'forbidden', 'Only agents have API tokens');
      const created = await createApiToken(ctx, {
        agentId: ctx.actor.id,
        name: req.body.name,
        scopes: req.body.scopes,
        expiresAt: req.body.expiresAt,
        rateLimitPerMinute: req.body.rateLimitPerMinute,
        callerScopes: req.auth?.via === 'token' ? req.auth.scopes : undefined,
      });
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/tokens',
    {
      schema: {
        tags: ['integration'],
        summary: "My API tokens (or an agent's, for admins): scopes, expiry, last use",
        querystring: TokenListQuery,
        response: { 200: TokenListSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const agentId = req.query.agentId ?? (ctx.actor.kind === 'agent' ? ctx.actor.id : 0);
      if (agentId === 0) throw new AppError(400, 'agent_required', 'Name the agent whose tokens to list (agentId)');
      return { items: await listApiTokens(ctx, agentId) };
    },
  );

  app.get(
    '/tokens/scopes',
    {
      schema: {
        tags: ['integration'],
        summary: 'The scopes an API token may hold and what each allows',
        response: { 200: ScopeListSchema, ...problemResponses },
      },
    },
    async () => ({ items: apiScopes.map((scope) => ({ scope, description: scopeDescriptions[scope] })) }),
  );

  app.get(
    '/events',
    {
      schema: {
        tags: ['integration'],
        summary: 'The domain events after a cursor, oldest first; `wait` long-polls until one commits',
        querystring: EventsQuery,
        response: { 200: EventsPageSchema, ...problemResponses },
      },
    },
    async (req, reply) => {
      // The wait ends as soon as the caller hangs up: no query runs for a socket nobody reads.
      const hangUp = new AbortController();
      const onClose = () => hangUp.abort();
      reply.raw.once('close', onClose);
      try {
        return await readEvents(req.ctx(), {
          after: req.query.after,
          types: req.query.types,
          limit: req.query.limit,
          waitSeconds: req.query.wait,
          signal: hangUp.signal,
        });
      } finally {
        reply.raw.off('close', onClose);
      }
    },
  );
}
