import t from 'tap';
import { spawnSync } from 'node:child_process';
import { productRoot } from '../../server/shared/paths.js';

/**
 * The UI is plain JavaScript with JSDoc types; this runs the same check as `npm run typecheck` does for it
 * (ui/tsconfig.json: checkJs), so a type error in the UI fails CI like one in the server.
 */
t.test('the UI type-checks (checkJs over ui/app, with the server modules it imports)', async (t) => {
  // tap adds its process hooks to every child's NODE_OPTIONS; they are for the test and break the compiler's
  // launcher, so the shell clears them.
  const command = 'NODE_OPTIONS= exec node node_modules/typescript-native/bin/tsc --noEmit -p ui/tsconfig.json';
  const run = spawnSync('/bin/sh', ['-c', command], {
    cwd: productRoot,
    encoding: 'utf8',
  });
  t.equal(run.status, 0, `tsc -p ui/tsconfig.json exits 0\n${run.stdout}${run.stderr}`);
});
