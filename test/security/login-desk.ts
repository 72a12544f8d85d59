import type { Test } from 'tap';
import { buildApp } from '../../server/app.js';
import type { App } from '../../server/http/types.js';
import type { Installation } from '../../server/installation.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { testInstallation } from '../helpers/installation.js';

/** A desk with one agent who has a password, configured through ONDESK_* variables as an operator would. */
export async function loginDesk(
  t: Test,
  env: NodeJS.ProcessEnv = {},
): Promise<{ app: App; inst: Installation; agentId: number }> {
  const inst = await testInstallation(t, { env });
  const app = await buildApp({ installation: inst, logRequests: false });
  t.teardown(() => app.close());
  const agent = await createAgent(inst.ctx(), {
    email: 'eve@test.ondesk',
    name: 'Eve',
    role: 'engineer',
    password: 'correct horse battery',
  });
  return { app, inst, agentId: agent.id };
}

export function login(
  app: App,
  email: string,
  password: string,
  remoteAddress: string,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress,
    headers,
  });
}
