import type { Test } from 'tap';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../server/app.js';
import type { App } from '../../server/http/types.js';
import type { Installation } from '../../server/installation.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import type { AgentRole } from '../../server/db/schema.js';
import { testInstallation } from './installation.js';
import type { Clock } from '../../server/shared/clock.js';
import type { DurablePath } from '../../server/db/durability.js';

export interface TestDesk {
  app: App;
  inst: Installation;
  /**
   * Creates an agent and returns an API client authenticated with a fresh API token. Tests that write under load
   * give the token a limit of its own, as an admin does for an integration that imports in bulk.
   */
  agent(role: AgentRole, email?: string, token?: { rateLimitPerMinute?: number }): Promise<ApiClient>;
}

export interface ApiClient {
  agentId: number;
  token: string;
  request(method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  del(url: string): Promise<LightMyRequestResponse>;
}

let counter = 0;

/** A desk on a real SQLite file with the app built for `inject`. Agents are created without passwords (fast). */
export async function testDesk(
  t: Test,
  opts: { clock?: Clock; durable?: DurablePath; database?: 'sqlite' | 'postgres' } = {},
): Promise<TestDesk> {
  const inst = await testInstallation(t, opts);
  const app = await buildApp({ installation: inst, logRequests: false });
  t.teardown(() => app.close());
  return {
    app,
    inst,
    async agent(role, email, tokenOptions) {
      const agent = await createAgent(inst.ctx(), {
        email: email ?? `${role}${++counter}@test.ondesk`,
        name: `${role} ${counter}`,
        role,
        language: 'en',
      });
      const { token } = await createApiToken(inst.ctx(), {
        agentId: agent.id,
        name: 'test',
        rateLimitPerMinute: tokenOptions?.rateLimitPerMinute ?? null,
      });
      return apiClient(app, token, agent.id);
    },
  };
}

export function apiClient(app: App, token: string, agentId: number): ApiClient {
  const request = (method: string, url: string, body?: unknown) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { payload: JSON.stringify(body) }),
    });
  return {
    agentId,
    token,
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body),
    del: (url) => request('DELETE', url),
  };
}
