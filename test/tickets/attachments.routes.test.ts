import t from 'tap';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { testDesk } from '../helpers/app.js';
import { makeOrganization, makeTicket } from '../helpers/factories.js';
import { contentDisposition, safeFileName } from '../../server/modules/attachments/file-name.js';

function multipart(fileName: string, content: Buffer | string, extra: Record<string, string> = {}) {
  const boundary = '----ondesk' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(extra))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/html\r\n\r\n`,
    ),
  );
  parts.push(Buffer.isBuffer(content) ? content : Buffer.from(content));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

t.test('file names: only the last segment, no control characters, RFC 6266 header', async (t) => {
  t.equal(safeFileName('../../etc/passwd'), 'passwd');
  t.equal(safeFileName('..\\..\\boot.ini'), 'boot.ini');
  t.equal(safeFileName('..'), 'file');
  t.equal(safeFileName('a\u0000b\r\n"c".txt'), 'a_b___c_.txt');
  t.equal(
    contentDisposition('Счёт №5.pdf'),
    `attachment; filename="____ _5.pdf"; filename*=UTF-8''%D0%A1%D1%87%D1%91%D1%82%20%E2%84%965.pdf`,
  );
});

t.test('upload, list and download as an attachment with nosniff; traversal names are neutralised', async (t) => {
  const desk = await testDesk(t);
  const eng = await desk.agent('engineer');
  const org = await makeOrganization(await desk.agent('admin'));
  const ticket = await makeTicket(eng, org.id);
  const body = multipart('../../../evil<script>.html', '<script>alert(1)</script>');
  const up = await desk.app.inject({
    method: 'POST',
    url: `/api/v1/tickets/${ticket.id}/attachments`,
    headers: { authorization: `Bearer ${eng.token}`, 'content-type': body.contentType },
    payload: body.payload,
  });
  t.equal(up.statusCode, 201, up.body);
  const att = up.json();
  t.equal(att.fileName, 'evil_script_.html');
  t.equal(att.size, 25);
  const stored = join(desk.inst.config.dataDir, 'attachments');
  t.ok(
    readdirSync(stored).some((d) => /^[0-9a-f]{2}$/.test(d)),
    'stored under a hash directory',
  );
  t.notOk(existsSync(join(desk.inst.config.dataDir, 'evil_script_.html')));

  const down = await eng.get(att.downloadUrl);
  t.equal(down.statusCode, 200);
  t.equal(down.body, '<script>alert(1)</script>');
  t.equal(down.headers['content-type'], 'application/octet-stream');
  t.equal(down.headers['x-content-type-options'], 'nosniff');
  t.match(down.headers['content-disposition'], /^attachment; filename="evil_script_.html"/);
  t.equal((await eng.get(`/api/v1/tickets/${ticket.id}/attachments`)).json().items.length, 1);
  const history = (await eng.get(`/api/v1/tickets/${ticket.id}/history`)).json().items;
  t.equal(history.at(-1).action, 'attached');

  t.equal((await eng.get('/api/v1/attachments/9999/download')).statusCode, 404);
  const anon = await desk.app.inject({ method: 'GET', url: att.downloadUrl });
  t.equal(anon.statusCode, 401, 'only signed-in callers download');
});

t.test('files over the configured limit are refused with 413 and nothing is kept', async (t) => {
  const desk = await testDesk(t);
  const eng = await desk.agent('engineer');
  const org = await makeOrganization(await desk.agent('admin'));
  const ticket = await makeTicket(eng, org.id);
  const limit = desk.inst.config.attachmentMaxBytes;
  const body = multipart('big.bin', Buffer.alloc(limit + 10, 1));
  const res = await desk.app.inject({
    method: 'POST',
    url: `/api/v1/tickets/${ticket.id}/attachments`,
    headers: { authorization: `Bearer ${eng.token}`, 'content-type': body.contentType },
    payload: body.payload,
  });
  t.equal(res.statusCode, 413);
  t.match(res.json().detail, /larger than the limit/);
  t.equal((await eng.get(`/api/v1/tickets/${ticket.id}/attachments`)).json().items.length, 0);
  const tmp = join(desk.inst.config.dataDir, 'attachments', 'tmp');
  t.same(existsSync(tmp) ? readdirSync(tmp) : [], [], 'no partial file left behind');
});
