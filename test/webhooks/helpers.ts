import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';
import { buildApp } from '../../server/app.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import type { AgentRole } from '../../server/db/schema.js';
import type { Clock } from '../../server/shared/clock.js';
import { apiClient, type ApiClient } from '../helpers/app.js';
import { testInstallation } from '../helpers/installation.js';

export interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP receiver on loopback. `answer` decides each response (status, headers); `received` keeps what
 * was answered 2xx, `all` every request.
 */
export async function receiver(t: Test) {
  const state = {
    answer: (_req: Received): { status: number; headers?: Record<string, string>; body?: string } => ({ status: 200 }),
    received: [] as Received[],
    all: [] as Received[],
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const got = { url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      state.all.push(got);
      const a = state.answer(got);
      if (a.status >= 200 && a.status < 300) state.received.push(got);
      res.writeHead(a.status, a.headers ?? { 'content-type': 'text/plain' });
      res.end(a.body ?? 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as AddressInfo).port;
  return { ...state, state, port, url: (path = '/hook') => `http://127.0.0.1:${port}${path}` };
}

let counter = 0;

/** A desk whose config allows loopback webhooks unless `allow` says otherwise. */
export async function webhookDesk(t: Test, opts: { clock?: Clock; allow?: string | null } = {}) {
  const allow = opts.allow === undefined ? '127.0.0.0/8' : opts.allow;
  const inst = await testInstallation(t, {
    clock: opts.clock,
    env: allow === null ? {} : { ONDESK_WEBHOOK_ALLOW: allow },
  });
  const app = await buildApp({ installation: inst, logRequests: false });
  t.teardown(() => app.close());
  const agent = async (role: AgentRole, language = 'en'): Promise<ApiClient> => {
    const a = await createAgent(inst.ctx(), {
      email: `${role}${++counter}@test.ondesk`,
      name: `${role} ${counter}`,
      role,
      language,
    });
    const { token } = await createApiToken(inst.ctx(), { agentId: a.id, name: 'test' });
    return apiClient(app, token, a.id);
  };
  return { inst, app, agent };
}
