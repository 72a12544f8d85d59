import type { Test } from 'tap';
import type { AddressInfo } from 'node:net';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import smpp, { type PDU } from 'smpp';
import { buildApp } from '../../server/app.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import type { AgentRole } from '../../server/db/schema.js';
import type { Clock } from '../../server/shared/clock.js';
import { apiClient, type ApiClient, type TestDesk } from '../helpers/app.js';
import { testInstallation } from '../helpers/installation.js';

let counter = 0;

/** testDesk with an environment, so a test can set ONDESK_* keys (SMS provider, cap) the routes read. */
export async function notificationDesk(t: Test, opts: { clock?: Clock; env?: NodeJS.ProcessEnv } = {}) {
  const inst = await testInstallation(t, opts);
  const app = await buildApp({ installation: inst, logRequests: false });
  t.teardown(() => app.close());
  const desk: TestDesk & {
    agentWith(role: AgentRole, fields: { phone?: string; language?: string; email?: string }): Promise<ApiClient>;
  } = {
    app,
    inst,
    agent: (role, email) => desk.agentWith(role, { email }),
    async agentWith(role, fields) {
      const agent = await createAgent(inst.ctx(), {
        email: fields.email ?? `${role}${++counter}@desk.example`,
        name: `${role} ${counter}`,
        role,
        language: fields.language ?? 'en',
        ...(fields.phone && { phone: fields.phone }),
      });
      const { token } = await createApiToken(inst.ctx(), { agentId: agent.id, name: 'test' });
      return apiClient(app, token, agent.id);
    },
  };
  return desk;
}

export interface CapturedMail {
  from: string;
  to: string[];
  raw: string;
  /** Header block as sent, unfolded, names lower-cased. */
  headers: Array<[string, string]>;
  parsed: ParsedMail;
  header(name: string): string | undefined;
}

/**
 * A real SMTP server on loopback. `answer` decides per message (0-based count): accept, or refuse with a code.
 */
export async function smtpServer(
  t: Test,
  answer: (n: number) => { code: number; message: string } | null = () => null,
) {
  const messages: CapturedMail[] = [];
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const refusal = answer(n++);
        if (refusal) {
          const err = new Error(refusal.message) as Error & { responseCode: number };
          err.responseCode = refusal.code;
          return callback(err);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
        const headers = head.split(/\r?\n/).map((line) => {
          const at = line.indexOf(':');
          return [line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim()] as [string, string];
        });
        const parsed = await simpleParser(raw);
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          headers,
          parsed,
          header: (name) => headers.find(([k]) => k === name.toLowerCase())?.[1],
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, messages };
}

export interface CapturedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local HTTP SMS gateway: records requests and answers with `status` (default 200 with a JSON id). */
export async function httpGatewayServer(t: Test, status: (n: number) => number = () => 200) {
  const requests: CapturedRequest[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const code = status(requests.length);
      requests.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(code < 300 ? JSON.stringify({ id: `gw-${requests.length}` }) : JSON.stringify({ error: 'nope' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms/send`, requests };
}

export interface SubmittedSms {
  systemId: string;
  to: string;
  from: string;
  text: string;
}

/** A local SMSC with the smpp package's server: binds with the given credentials, accepts submit_sm. */
export async function smppServer(t: Test, credentials: { systemId: string; password: string }) {
  const submitted: SubmittedSms[] = [];
  const server = smpp.createServer((session) => {
    let systemId = '';
    session.on('error', () => undefined);
    session.on('bind_transmitter', (pdu: PDU) => {
      const ok = pdu.system_id === credentials.systemId && pdu.password === credentials.password;
      systemId = String(pdu.system_id);
      session.send(pdu.response({ command_status: ok ? smpp.ESME_ROK : smpp.ESME_RBINDFAIL }));
      if (!ok) session.close();
    });
    session.on('submit_sm', (pdu: PDU) => {
      const message = (pdu.message_payload ?? pdu.short_message) as { message: string } | undefined;
      submitted.push({
        systemId,
        to: String(pdu.destination_addr),
        from: String(pdu.source_addr),
        text: message?.message ?? '',
      });
      session.send(pdu.response({ message_id: `smsc-${submitted.length}` }));
    });
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        for (const s of server.sessions) s.destroy();
        server.close(() => resolve());
      }),
  );
  return { url: `smpp://127.0.0.1:${(server.address() as AddressInfo).port}`, submitted };
}
