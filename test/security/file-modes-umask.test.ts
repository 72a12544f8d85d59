/**
 * File modes do not depend on the umask (hardening issue, item 7): under `umask 022`, nothing `serve` and the
 * commands beside it create in the data dir — the database and its -wal/-shm, logs, attachments, raw mail, the
 * pid file, a support bundle — is readable, writable or searchable by others.
 */
import t from 'tap';
import { spawn } from 'node:child_process';
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openInstallation } from '../../server/installation.js';
import { ingestRawMessage } from '../../server/modules/inbound-mail/inbound-mail.service.js';
import { tempDir } from '../helpers/installation.js';
import { waitForUrl } from '../helpers/cli.js';
import { cliCommand } from '../helpers/cli-command.js';

/** The CLI (helpers/cli-command.ts) in a shell that sets the loose umask first, as a plain login shell would. */
function cliUnderUmask022(args: string[]) {
  const quoted = [...cliCommand().flat(), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`);
  return spawn('/bin/sh', ['-c', `umask 022; exec ${quoted.join(' ')}`], {
    env: { ...process.env, ONDESK_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function run(args: string[]) {
  const child = cliUnderUmask022(args);
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  // 'close', not 'exit': output written just before the end may still be in the pipe when the process exits.
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`ondesk ${args.join(' ')} exited with ${code}: ${out}`);
  return out;
}

/** Every path under `dir` (itself excluded) with its permission bits. */
function walk(dir: string): { path: string; mode: number; dir: boolean }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const st = lstatSync(path);
    const entry = { path, mode: st.mode & 0o777, dir: st.isDirectory() };
    return st.isDirectory() ? [entry, ...walk(path)] : [entry];
  });
}

t.test('under umask 022 nothing in the data dir is open to others', async (t) => {
  const dataDir = tempDir(t);
  const serve = cliUnderUmask022(['serve', '--data-dir', dataDir, '--port', '0', '--demo']);
  t.teardown(() => {
    if (serve.exitCode === null) serve.kill('SIGKILL');
  });
  const url = await waitForUrl(serve);

  // An attachment through the API, with a token made by the CLI (under the same umask).
  const token = /\S{20,}/.exec(
    await run(['token', 'create', '--data-dir', dataDir, '--email', 'admin@demo.ondesk']),
  )![0];
  const auth = { authorization: `Bearer ${token}` };
  const tickets = (await (await fetch(`${url}/api/v1/tickets?limit=1`, { headers: auth })).json()) as {
    items: { id: number }[];
  };
  const form = new FormData();
  form.append('file', new Blob(['a contract, private']), 'contract.txt');
  const upload = await fetch(`${url}/api/v1/tickets/${tickets.items[0]!.id}/attachments`, {
    method: 'POST',
    headers: auth,
    body: form,
  });
  t.equal(upload.status, 201, 'attachment stored');

  await run(['support-bundle', '--data-dir', dataDir, '--out', join(dataDir, 'support.tar.gz')]);
  // While the desk runs: the WAL and its index exist only now (a clean close removes them).
  const whileServing = walk(dataDir);
  serve.kill('SIGTERM');
  await new Promise((resolve) => serve.once('exit', resolve));

  // An inbound message through the service in this process, now under the loose umask too.
  const before = process.umask(0o022);
  t.teardown(() => process.umask(before));
  const inst = await openInstallation({ dataDir, env: {}, overrides: { logLevel: 'warn' } });
  const mail = await ingestRawMessage(
    inst.ctx(),
    Buffer.from(
      'From: Olga <olga@client.example>\r\nTo: support@desk.example\r\nSubject: Printer\r\n' +
        'Message-ID: <modes-1@client.example>\r\nContent-Type: text/plain\r\n\r\nThe printer is down.\r\n',
    ),
    { kind: 'test' },
  );
  t.ok(mail, 'a message received');
  await inst.close();

  const entries = [...whileServing, ...walk(dataDir)];
  const names = entries.map((e) => e.path.slice(dataDir.length + 1));
  for (const expected of ['ondesk.db', 'logs/ondesk.log', 'support.tar.gz'])
    t.ok(names.includes(expected), `${expected} is there`);
  t.ok(
    names.some((n) => /ondesk\.db-(wal|shm)$/.test(n)),
    'the WAL files are there',
  );
  t.ok(
    names.some((n) => n.startsWith('attachments/')),
    'attachments are there',
  );
  t.ok(entries.length >= 10, `raw mail and the rest are there: ${names.join(' ')}`);
  const open = entries.filter((e) => (e.mode & 0o007) !== 0).map((e) => `${e.path} ${e.mode.toString(8)}`);
  t.same(open, [], 'no file or directory open to others');
  const loose = entries
    .filter((e) => !e.dir && (e.mode & 0o077) !== 0 && !/ondesk\.pid$/.test(e.path))
    .map((e) => `${e.path} ${e.mode.toString(8)}`);
  t.same(loose, [], "files are the owner's only (0600)");
  t.equal(
    lstatSync(dataDir).mode & 0o777,
    0o700,
    'the data dir serve made is 0700 (mkdtemp; the installer makes it 0750)',
  );
});
