import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_MALLOC_ENV, SERVER_NODE_FLAGS } from '../../server/shared/node-flags.js';
import { launcherText } from '../../installer/plan.js';
import { productRoot } from '../../server/shared/paths.js';

const read = (path: string) => readFileSync(join(productRoot, path), 'utf8');

t.test('every way Ondesk starts for real runs Node with the same flags', async (t) => {
  t.ok(SERVER_NODE_FLAGS.length > 0);
  const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start!;
  const docker = read('Dockerfile')
    .split('\n')
    .find((l) => l.startsWith('CMD ['))!;
  const launcher = launcherText('/usr/bin/node', '/opt/ondesk/app', '/var/lib/ondesk');
  const flags = SERVER_NODE_FLAGS.join(' ');
  t.match(start, `node ${flags} bin/ondesk.js serve`, 'npm start: every flag, in order');
  t.match(
    docker,
    `"node", ${SERVER_NODE_FLAGS.map((f) => JSON.stringify(f)).join(', ')}, "bin/ondesk.js"`,
    'the container',
  );
  t.match(launcher, `'/usr/bin/node' ${flags} '/opt/ondesk/app/bin/ondesk.js'`, 'the installed launcher');
  t.match(read('test/bench/run.ts'), '...SERVER_NODE_FLAGS', 'the benchmark measures the desk as installed');
});

t.test('every way Ondesk starts for real tells malloc the same', async (t) => {
  const settings = Object.entries(SERVER_MALLOC_ENV);
  t.ok(settings.length > 0);
  const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start!;
  const dockerEnv = read('Dockerfile')
    .split('\n')
    .filter((l) => l.startsWith('ENV '))
    .join(' ');
  const launcher = launcherText('/usr/bin/node', '/opt/ondesk/app', '/var/lib/ondesk');
  for (const [name, value] of settings) {
    t.match(start, new RegExp(`(^|&& |\\s)${name}=${value} (\\S+=\\S+ )*node `), `npm start: ${name}`);
    t.match(dockerEnv, ` ${name}=${value}`, `the container: ${name}`);
    t.match(launcher, `: "\${${name}:=${value}}"\nexport ${name}\n`, `the installed launcher: ${name}`);
  }
  t.match(read('test/bench/run.ts'), '...SERVER_MALLOC_ENV', 'the benchmark measures the desk as installed');
});
