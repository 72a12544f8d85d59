import t from 'tap';
import { apiClient } from '../helpers/app.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import { login, loginDesk } from './login-desk.js';

t.test('agents changing their own password give the current one; admins resetting another do not', async (t) => {
  const { app, inst, agentId } = await loginDesk(t);
  const signedIn = await login(app, 'eve@test.ondesk', 'correct horse battery', '10.7.0.1');
  t.equal(signedIn.statusCode, 200);
  const cookie = signedIn.cookies.find((c) => c.name === 'ondesk_session')!.value;
  const headers = { cookie: `ondesk_session=${cookie}`, 'x-csrf-token': signedIn.json().csrfToken as string };
  const patchSelf = (payload: Record<string, unknown>) =>
    app.inject({ method: 'PATCH', url: `/api/v1/agents/${agentId}`, headers, payload });

  const missing = await patchSelf({ password: 'a brand new password' });
  t.equal(missing.statusCode, 400, 'without the current password');
  t.match(missing.json().detail, /current password/);
  const wrong = await patchSelf({ password: 'a brand new password', currentPassword: 'not my password' });
  t.equal(wrong.statusCode, 403, 'with a wrong current password');
  t.equal(wrong.json().code, 'wrong_password');
  t.equal(
    (await login(app, 'eve@test.ondesk', 'correct horse battery', '10.7.0.2')).statusCode,
    200,
    'the password did not change',
  );
  const right = await patchSelf({ password: 'a brand new password', currentPassword: 'correct horse battery' });
  t.equal(right.statusCode, 200, 'with the right one');
  t.equal((await login(app, 'eve@test.ondesk', 'a brand new password', '10.7.0.3')).statusCode, 200, 'new one works');
  t.equal(
    (await patchSelf({ name: 'Eve E.', currentPassword: 'a brand new password' })).statusCode,
    401,
    'the change ended the old session',
  );

  const adminAgent = await createAgent(inst.ctx(), { email: 'root@test.ondesk', name: 'Root', role: 'admin' });
  const admin = apiClient(app, (await createApiToken(inst.ctx(), { agentId: adminAgent.id, name: 't' })).token, 0);
  t.equal(
    (await admin.patch(`/api/v1/agents/${agentId}`, { password: 'reset by the admin' })).statusCode,
    200,
    "an admin resets another agent's password without it",
  );
  t.equal((await login(app, 'eve@test.ondesk', 'reset by the admin', '10.7.0.4')).statusCode, 200);
  t.equal(
    (await admin.patch(`/api/v1/agents/${agentId}`, { name: 'Eve', currentPassword: 'x' })).statusCode,
    400,
    'currentPassword alone is refused',
  );
});
