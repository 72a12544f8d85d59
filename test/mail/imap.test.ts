import t from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { openInstallation } from '../../server/installation.js';
import { startMailReceivers } from '../../server/modules/inbound-mail/receivers.js';
import { buildApp } from '../../server/app.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import type { IngestResult } from '../../server/modules/inbound-mail/inbound-mail.service.js';
import { tempDir } from '../helpers/installation.js';
import { compose } from './helpers.js';

const dovecot = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => existsSync(p));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number) {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dovecot did not listen on ${port}`);
}

/** Debian's Dovecot in the foreground with a throwaway config: maildir and passwords in a temp dir. */
async function startDovecot(t: Parameters<typeof tempDir>[0], users: string[]) {
  // Removed only after Dovecot has exited: it writes its state files while it shuts down.
  const dir = mkdtempSync(join(tmpdir(), 'ondesk-dovecot-'));
  chmodSync(dir, 0o755); // the login processes run as dovenull and need to reach the sockets
  for (const sub of ['run', 'state', 'mail', 'home']) mkdirSync(join(dir, sub), { mode: 0o755 });
  writeFileSync(join(dir, 'passwd'), users.map((u) => `${u}:{PLAIN}secret-${u}\n`).join(''), { mode: 0o644 });
  const port = await freePort();
  // Dovecot never serves mail as root: as root the mail belongs to its own unprivileged "dovecot" user.
  let uid = process.getuid?.() ?? 0;
  let gid = process.getgid?.() ?? 0;
  if (uid === 0) {
    uid = Number(spawnSync('id', ['-u', 'dovecot'], { encoding: 'utf8' }).stdout.trim());
    gid = Number(spawnSync('id', ['-g', 'dovecot'], { encoding: 'utf8' }).stdout.trim());
    for (const sub of ['mail', 'home']) chownSync(join(dir, sub), uid, gid);
  }
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
${process.getuid?.() === 0 ? 'default_login_user = dovenull\ndefault_internal_user = dovecot' : `default_login_user = ${process.env.USER ?? 'nobody'}\ndefault_internal_user = ${process.env.USER ?? 'nobody'}`}
first_valid_uid = 0
# Without inotify (some containers) Dovecot checks an idling mailbox only every 30 s by default.
mailbox_idle_check_interval = 1 secs
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/home/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`,
  );
  const child = spawn(dovecot!, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  t.teardown(async () => {
    if (process.env.DOVECOT_DEBUG) console.error(readFileSync(join(dir, 'dovecot.log'), 'utf8'));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  });
  await waitForPort(port);
  return { port, dir };
}

async function client(port: number, user: string) {
  const c = new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: false,
    auth: { user, pass: `secret-${user}` },
    logger: false,
  });
  await c.connect();
  return c;
}

const canRun = dovecot && spawnSync(dovecot, ['--version']).status === 0;

t.test(
  'IMAP: several mailboxes watched at once; \\Seen only after filing; IDLE picks up new mail',
  { skip: !canRun && 'dovecot is not installed (apt-get install dovecot-imapd; .ci/run installs it)' },
  async (t) => {
    const { port } = await startDovecot(t, ['sales', 'help']);
    const feeder = { sales: await client(port, 'sales'), help: await client(port, 'help') };
    t.teardown(async () => {
      await feeder.sales.logout();
      await feeder.help.logout();
    });
    // Mail waiting before the desk starts, in both mailboxes, one of them twice (a redelivery).
    const waiting = await compose({
      from: 'ivan@client.example',
      to: 'sales@desk.test',
      subject: 'Quote please',
      text: 'Price for 10 licences',
      messageId: '<q1@client.example>',
    });
    await feeder.sales.append('INBOX', waiting);
    await feeder.sales.append('INBOX', waiting);
    await feeder.help.append(
      'INBOX',
      await compose({
        from: 'olga@client.example',
        to: 'help@desk.test',
        subject: 'Mail is slow',
        text: 'Since Monday',
      }),
    );

    const results: IngestResult[] = [];
    let notify: (() => void) | null = null;
    const inst = await openInstallation({
      dataDir: tempDir(t),
      env: {},
      overrides: {
        logLevel: 'silent',
        mailFrom: 'help@desk.test',
        mailboxes: [
          {
            name: 'sales',
            host: '127.0.0.1',
            port,
            secure: false,
            user: 'sales',
            password: 'secret-sales',
            pollSeconds: 30,
          },
          {
            name: 'help',
            host: '127.0.0.1',
            port,
            secure: false,
            user: 'help',
            password: 'secret-help',
            pollSeconds: 30,
          },
        ],
      },
    });
    const receivers = await startMailReceivers(inst, { onIngested: (r) => (results.push(r), notify?.()) });
    t.teardown(async () => {
      await receivers.stop();
      await inst.close();
    });
    const waitFor = async (n: number) => {
      const until = Date.now() + 20_000;
      while (results.length < n && Date.now() < until)
        await new Promise<void>((r) => ((notify = r), setTimeout(r, 200)));
    };
    await waitFor(3);
    t.same(
      results.map((r) => r.outcome).sort(),
      ['duplicate', 'ticket', 'ticket'],
      'both mailboxes, the redelivery filed once',
    );
    const sources = await inst.database.db.selectFrom('inbound_messages').select('source').orderBy('source').execute();
    t.same(
      sources.map((s) => s.source),
      ['imap:help', 'imap:sales'],
    );

    const lock = await feeder.sales.getMailboxLock('INBOX');
    try {
      const flags = [];
      for await (const m of feeder.sales.fetch('1:*', { flags: true })) flags.push(m.flags?.has('\\Seen'));
      t.same(flags, [true, true], 'flagged \\Seen after filing');
    } finally {
      lock.release();
    }

    // New mail while the watcher idles.
    await feeder.help.append(
      'INBOX',
      await compose({
        from: 'olga@client.example',
        to: 'help@desk.test',
        subject: 'Re: Mail is slow',
        text: 'Still slow',
        inReplyTo: '<none@x>',
        headers: {},
      }),
    );
    await waitFor(4);
    t.equal(results.length, 4, 'the new message arrived through IDLE');
    t.equal(results[3]!.outcome, 'ticket');
    t.ok(
      receivers.watchers.every((w) => w.connected),
      'both watchers connected',
    );
  },
);

t.test(
  'IMAP: a watcher that cannot connect retries with backoff and does not block the others',
  { skip: !canRun && 'dovecot is not installed' },
  async (t) => {
    const { port } = await startDovecot(t, ['help']);
    const dead = await freePort();
    const inst = await openInstallation({
      dataDir: tempDir(t),
      env: {},
      overrides: {
        logLevel: 'silent',
        mailboxes: [
          { name: 'dead', host: '127.0.0.1', port: dead, secure: false, user: 'x', password: 'y' },
          { name: 'help', host: '127.0.0.1', port, secure: false, user: 'help', password: 'secret-help' },
        ],
      },
    });
    const results: IngestResult[] = [];
    const receivers = await startMailReceivers(inst, { onIngested: (r) => results.push(r) });
    t.teardown(async () => {
      await receivers.stop();
      await inst.close();
    });
    const feeder = await client(port, 'help');
    await feeder.append(
      'INBOX',
      await compose({ from: 'a@client.example', to: 'help@desk.test', subject: 'Hello', text: 'x' }),
    );
    await feeder.logout();
    for (let i = 0; i < 100 && results.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    t.equal(results.length, 1, 'the live mailbox works');
    const deadWatcher = receivers.watchers.find((w) => w.name === 'dead')!;
    t.equal(deadWatcher.connected, false);
    t.match(deadWatcher.lastError, /ECONNREFUSED|connect/i);

    // Admins see the same through the API: which mailbox is down and why, which one works.
    const app = await buildApp({ installation: inst, logRequests: false });
    t.teardown(() => app.close());
    const admin = await createAgent(inst.ctx(), { email: 'admin@desk.test', name: 'Admin', role: 'admin' });
    const engineer = await createAgent(inst.ctx(), { email: 'eng@desk.test', name: 'Eng', role: 'engineer' });
    const get = async (agentId: number) =>
      app.inject({
        method: 'GET',
        url: '/api/v1/mail-receivers',
        headers: { authorization: `Bearer ${(await createApiToken(inst.ctx(), { agentId, name: 't' })).token}` },
      });
    const view = (await get(admin.id)).json();
    t.equal(view.smtp, null, 'no SMTP receiver configured');
    t.match(view.mailboxes, [
      { name: 'dead', connected: false, lastError: /ECONNREFUSED|connect/i, fetched: 0, lastCheckAt: null },
      {
        name: 'help',
        host: '127.0.0.1',
        user: 'help',
        folder: 'INBOX',
        connected: true,
        lastError: null,
        fetched: 1,
        lastCheckAt: /^\d{4}-/,
      },
    ]);
    t.notMatch(JSON.stringify(view), /secret-help/, 'never a password');
    t.equal((await get(engineer.id)).statusCode, 403);
  },
);
