import t from 'tap';
import { readFileSync } from 'node:fs';
import { SERVER_NODE_FLAGS } from '../../server/shared/node-flags.js';
import { launcherText } from '../../installer/plan.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

t.test('every way Ondesk starts for real runs Node with the same flags', async (t) => {
  t.ok(SERVER_NODE_FLAGS.length > 0);
  const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start!;
  const docker = read('Dockerfile')
    .split('\n')
    .find((l) => l.startsWith('CMD ['))!;
  const launcher = launcherText('/usr/bin/node', '/opt/ondesk/app', '/var/lib/ondesk');
  for (const flag of SERVER_NODE_FLAGS) {
    t.match(start, `node ${flag} bin/ondesk.js serve`, `npm start: ${flag}`);
    t.match(docker, JSON.stringify(flag), `the container: ${flag}`);
    t.match(launcher, `'/usr/bin/node' ${flag} '/opt/ondesk/app/bin/ondesk.js'`, `the installed launcher: ${flag}`);
  }
  t.match(read('test/bench/run.ts'), '...SERVER_NODE_FLAGS', 'the benchmark measures the desk as installed');
});
