import { Type } from '@sinclair/typebox';
import { IdParams, problemResponses, type App } from '../../http/types.js';
import { AgentSchema, presentAgent } from './agents.presenter.js';
import {
  CreateAgentBody,
  CreatedTokenSchema,
  CreateTokenBody,
  TokenSchema,
  UpdateAgentBody,
} from './agents.schemas.js';
import * as agents from './agents.service.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../auth/index.js';

export async function agentRoutes(app: App) {
  const tags = ['agents'];
  app.get(
    '/agents',
    {
      schema: {
        tags,
        summary: 'List agents',
        response: { 200: Type.Object({ items: Type.Array(AgentSchema) }), ...problemResponses },
      },
    },
    async (req) => ({
      items: (await agents.listAgents(req.ctx())).map(presentAgent),
    }),
  );
  app.post(
    '/agents',
    {
      schema: {
        tags,
        summary: 'Create an agent (admin)',
        body: CreateAgentBody,
        response: { 201: AgentSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(presentAgent(await agents.createAgent(req.ctx(), req.body))),
  );
  app.get(
    '/agents/:id',
    { schema: { tags, params: IdParams, response: { 200: AgentSchema, ...problemResponses } } },
    async (req) => presentAgent(await agents.getAgent(req.ctx(), req.params.id)),
  );
  app.patch(
    '/agents/:id',
    {
      schema: {
        tags,
        summary: 'Change an agent (role, active: admin only)',
        params: IdParams,
        body: UpdateAgentBody,
        response: { 200: AgentSchema, ...problemResponses },
      },
    },
    async (req) => presentAgent(await agents.updateAgent(req.ctx(), req.params.id, req.body)),
  );
  app.get(
    '/agents/:id/tokens',
    {
      schema: {
        tags,
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(TokenSchema) }), ...problemResponses },
      },
    },
    async (req) => ({ items: await listApiTokens(req.ctx(), req.params.id) }),
  );
  app.post(
    '/agents/:id/tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token; the secret is shown once',
        params: IdParams,
        body: CreateTokenBody,
        response: { 201: CreatedTokenSchema, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(
        await createApiToken(req.ctx(), {
          agentId: req.params.id,
          name: req.body.name,
          scope: req.body.scope,
          scopes: req.body.scopes,
          rateLimitPerMinute: req.body.rateLimitPerMinute,
          expiresAt: req.body.expiresAt,
          callerScopes: req.auth?.via === 'token' ? req.auth.scopes : undefined,
        }),
      ),
  );
  app.delete(
    '/tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an API token',
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await revokeApiToken(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
