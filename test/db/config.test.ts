import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../server/config/config.js';
import { tempDir } from '../helpers/installation.js';

t.test('defaults, file, environment and flags, later ones winning', async (t) => {
  const dir = tempDir(t);
  t.match(loadConfig({ dataDir: dir, env: {} }), { host: '127.0.0.1', port: 8080, dataDir: dir });
  writeFileSync(join(dir, 'ondesk.json'), JSON.stringify({ port: 9000, publicUrl: 'https://desk.example.com' }));
  t.equal(loadConfig({ dataDir: dir, env: {} }).port, 9000);
  t.equal(loadConfig({ dataDir: dir, env: { ONDESK_PORT: '9100' } }).port, 9100);
  t.equal(loadConfig({ dataDir: dir, env: { ONDESK_PORT: '9100' }, overrides: { port: 9200 } }).port, 9200);
  t.equal(loadConfig({ dataDir: dir, env: { ONDESK_TRUST_PROXY: 'true' } }).trustProxy, true);
});

t.test('bad settings are refused with the key named', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'ondesk.json'), '{ not json');
  t.throws(() => loadConfig({ dataDir: dir, env: {} }), /ondesk.json is not valid JSON/);
  writeFileSync(join(dir, 'ondesk.json'), JSON.stringify({ logLevel: 'loud' }));
  t.throws(() => loadConfig({ dataDir: dir, env: {} }), /setting "logLevel"/);
  writeFileSync(join(dir, 'ondesk.json'), JSON.stringify({ smtp_url: 'x' }));
  t.throws(() => loadConfig({ dataDir: dir, env: {} }), /unknown setting "smtp_url"/);
  writeFileSync(join(dir, 'ondesk.json'), '{}');
  t.throws(
    () => loadConfig({ dataDir: dir, env: { ONDESK_SESSION_DAYS: 'forever' } }),
    /setting "sessionDays" in environment \(ONDESK_SESSION_DAYS\)/,
  );
  t.throws(() => loadConfig({ dataDir: dir, env: { ONDESK_PUBLIC_URL: 'desk.example.com' } }), /publicUrl/);
});
