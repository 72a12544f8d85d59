import type { Test } from 'tap';
import type { LightMyRequestResponse } from 'fastify';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { buildApp } from '../../server/app.js';
import type { App } from '../../server/http/types.js';
import type { Installation } from '../../server/installation.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import { AttachmentStore } from '../../server/modules/attachments/index.js';
import type { Clock } from '../../server/shared/clock.js';
import { apiClient, type ApiClient } from '../helpers/app.js';
import { testInstallation } from '../helpers/installation.js';

export interface PortalDesk {
  app: App;
  inst: Installation;
  admin: ApiClient;
}

/** A desk whose login-link answers carry the link (ONDESK_DEV_LOGIN_LINKS=1) unless told otherwise. */
export async function portalDesk(t: Test, opts: { clock?: Clock; devLinks?: boolean } = {}): Promise<PortalDesk> {
  const inst = await testInstallation(t, {
    clock: opts.clock,
    env: opts.devLinks === false ? {} : { ONDESK_DEV_LOGIN_LINKS: '1' },
  });
  const app = await buildApp({ installation: inst, logRequests: false });
  t.teardown(() => app.close());
  const agent = await createAgent(inst.ctx(), {
    email: 'admin@desk.test',
    name: 'Admin',
    role: 'admin',
    language: 'en',
  });
  const { token } = await createApiToken(inst.ctx(), { agentId: agent.id, name: 'test' });
  return { app, inst, admin: apiClient(app, token, agent.id) };
}

export interface PortalClient {
  cookie: string;
  csrfToken: string;
  get(url: string): Promise<LightMyRequestResponse>;
  send(method: string, url: string, body?: unknown, opts?: { csrf?: boolean }): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  upload(url: string, files: { name: string; content: string; type?: string }[]): Promise<LightMyRequestResponse>;
}

export function portalClient(app: App, cookie: string, csrfToken: string): PortalClient {
  const send = (method: string, url: string, body?: unknown, opts: { csrf?: boolean } = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: {
        cookie: `ondesk_portal=${cookie}`,
        ...(opts.csrf !== false && { 'x-csrf-token': csrfToken }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { payload: JSON.stringify(body) }),
    });
  return {
    cookie,
    csrfToken,
    get: (url) => send('GET', url),
    send,
    post: (url, body) => send('POST', url, body),
    upload: (url, files) => {
      const boundary = '----ondeskportaltest';
      const payload =
        files
          .map(
            (f) =>
              `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'text/plain'}\r\n\r\n${f.content}\r\n`,
          )
          .join('') + `--${boundary}--\r\n`;
      return app.inject({
        method: 'POST',
        url,
        headers: {
          cookie: `ondesk_portal=${cookie}`,
          'x-csrf-token': csrfToken,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload,
      });
    },
  };
}

/** The session cookie a response set, by name. */
export function cookieOf(res: LightMyRequestResponse, name: string): string | undefined {
  return res.cookies.find((c) => c.name === name)?.value;
}

/** Signs a contact in the way a person does: asks for a link (dev flag: it is in the answer) and opens it. */
export async function signIn(app: App, email: string): Promise<PortalClient> {
  const asked = await app.inject({ method: 'POST', url: '/api/v1/portal/login-link', payload: { email } });
  if (asked.statusCode !== 202) throw new Error(`login-link: ${asked.statusCode} ${asked.body}`);
  const link = (asked.json() as { link: string }).link;
  const opened = await app.inject({ method: 'GET', url: new URL(link).pathname });
  const cookie = cookieOf(opened, 'ondesk_portal');
  if (opened.statusCode !== 303 || !cookie) throw new Error(`login link: ${opened.statusCode} ${opened.body}`);
  const me = await app.inject({
    method: 'GET',
    url: '/api/v1/portal/me',
    headers: { cookie: `ondesk_portal=${cookie}` },
  });
  if (me.statusCode !== 200) throw new Error(`me: ${me.statusCode} ${me.body}`);
  return portalClient(app, cookie, (me.json() as { csrfToken: string }).csrfToken);
}

/** A file of a ticket (and maybe of a comment), kept in the real attachment store. */
export async function attachmentFixture(
  inst: Installation,
  ticketId: number,
  commentId: number | null,
  content: string,
): Promise<number> {
  const ctx = inst.ctx();
  const stored = await new AttachmentStore(join(ctx.dataDir, 'attachments'), ctx.durable).put(
    Readable.from([Buffer.from(content)]),
    1_000_000,
  );
  const row = await inst.database.db
    .insertInto('attachments')
    .values({
      ticket_id: ticketId,
      comment_id: commentId,
      file_name: `${content}.txt`,
      content_type: 'text/plain',
      size: stored.size,
      sha256: stored.sha256,
      uploaded_by_agent_id: null,
      created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
