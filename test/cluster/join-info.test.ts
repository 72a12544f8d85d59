import t from 'tap';
import { testDesk } from '../helpers/app.js';
import { trustTestKeys, mintLicense, mintNode } from '../helpers/licenses.js';
import { applyToken } from '../../server/modules/licensing/index.js';

t.test('join-info: only for a vendor-signed node token under this license, and only on PostgreSQL', async (t) => {
  trustTestKeys();
  const desk = await testDesk(t, { database: 'sqlite' });
  const ask = (token?: string) =>
    desk.app.inject({
      method: 'GET',
      url: '/api/v1/cluster/join-info',
      headers: token === undefined ? {} : { 'x-ondesk-node-token': token },
    });

  const none = await ask();
  t.equal(none.statusCode, 401);
  t.match(none.json(), { code: 'node_token_refused', detail: /in the X-Ondesk-Node-Token header/ });
  t.equal((await ask('not-a-token')).statusCode, 401);

  const license = await mintLicense({ nodes: 2 });
  const other = await mintLicense({ nodes: 2 });
  const node = await mintNode(license.claims, 'node-b');
  const unlicensed = await ask(node.token);
  t.equal(unlicensed.statusCode, 403, 'no license applied yet');
  t.match(unlicensed.json(), { detail: /belongs to license .*, but this installation's license is none/ });

  await applyToken(desk.inst.ctx(), license.token);
  const foreign = await ask((await mintNode(other.claims, 'node-b')).token);
  t.equal(foreign.statusCode, 403, 'a token of another license');
  const sqlite = await ask(node.token);
  t.equal(sqlite.statusCode, 409);
  t.match(sqlite.json(), { detail: /SQLite file, which only one node can use: move it to PostgreSQL first/ });
});
