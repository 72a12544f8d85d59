/**
 * The lint rules that keep the architecture: a module reached past its index.ts, a repository handed out by
 * an index, a query outside a repository, and an import cycle between modules each fail `npm run lint`.
 * Each case lints a real file of the tree with one line added, as a developer's change would.
 */
import t from 'tap';
import { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { productRoot } from '../../server/shared/paths.js';

const root = productRoot;
const eslint = new ESLint({ cwd: root });

async function problems(file: string, change: (source: string) => string) {
  const path = join(root, file);
  const [result] = await eslint.lintText(change(readFileSync(path, 'utf8')), { filePath: path });
  return result!.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
}

t.test('the tree as it is: these files lint clean', async (t) => {
  for (const file of [
    'server/modules/sla/sla-follow.ts',
    'server/modules/tickets/tickets.service.ts',
    'server/wiring.ts',
  ])
    t.same(await problems(file, (s) => s), [], file);
});

t.test("another module's repository, reached from a module", async (t) => {
  const found = await problems(
    'server/modules/sla/sla-follow.ts',
    (s) =>
      `import { findContact } from '../organizations/organizations.repository.js';\nexport const x = findContact;\n${s}`,
  );
  t.match(found, [{ rule: '@typescript-eslint/no-restricted-imports', message: /public index\.ts/ }]);
});

t.test('a module internal, reached from outside the modules (jobs, ops, CLI)', async (t) => {
  const found = await problems(
    'server/jobs/registry.ts',
    (s) => `import { slaSweep as sweep } from '../modules/sla/sla-sweep.js';\nexport const x = sweep;\n${s}`,
  );
  t.match(found, [{ rule: '@typescript-eslint/no-restricted-imports' }]);
});

t.test("a module's index.ts that hands out its repository", async (t) => {
  const found = await problems(
    'server/modules/tickets/index.ts',
    (s) => `${s}export { insertHistory } from './tickets.repository.js';\n`,
  );
  t.match(found, [{ rule: '@typescript-eslint/no-restricted-imports', message: /private to its module/ }]);
  const typesOnly = await problems(
    'server/modules/tickets/index.ts',
    (s) => `${s}export type { QueueFilter } from './tickets.repository.js';\n`,
  );
  t.same(typesOnly, [], 'its types may be shared');
});

t.test('a query outside a repository', async (t) => {
  const found = await problems(
    'server/modules/tickets/tickets.service.ts',
    (s) => `${s}\nexport const count = (ctx: Ctx) => ctx.db.selectFrom('tickets').selectAll().execute();\n`,
  );
  t.match(found, [{ rule: 'no-restricted-syntax', message: /repository/ }]);
});

t.test('an import cycle between modules (SLA importing tickets, which imports SLA)', async (t) => {
  const found = await problems(
    'server/modules/sla/sla-follow.ts',
    (s) => `import { createTicket } from '../tickets/index.js';\nexport const x = createTicket;\n${s}`,
  );
  t.match(found, [{ rule: 'import-x/no-cycle' }]);
});
