// Lint for the product's structure, not its taste (Prettier owns formatting):
// - modules meet only through each other's public index.ts, so a repository stays private to its module;
// - no import cycles, between files or between modules;
// - Kysely queries live in repositories (and the database layer, migrations, ops tools that own the file).
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** A relative import that reaches into another module past its index.ts (from inside server/modules/<m>/). */
const intoAnotherModule = String.raw`^\.\./(?!\.\.)[^/]+/(?!index\.js$).+`;
/** The same from outside server/modules (ops, jobs, CLI, installer, …). */
const intoAModule = String.raw`(^|/)modules/[^/]+/(?!index\.js$).+`;
const boundaryMessage =
  "Another module is reached only through its public index.ts (import '../<module>/index.js'); export what you need there.";

const queryBuilders = ['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'ui/vendor/**', '.tap/**'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A variable a closure reads before its one assignment (two desks that answer each other) stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['server/modules/*/**/*.ts'],
    ignores: ['server/modules/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: intoAnotherModule, message: boundaryMessage }] },
      ],
    },
  },
  {
    files: ['server/**/*.ts', 'installer/**/*.ts', 'licenses/**/*.ts'],
    ignores: ['server/modules/*/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: intoAModule, message: boundaryMessage }] },
      ],
    },
  },
  {
    // A module's public face never hands out its repository: callers go through its services.
    files: ['server/modules/*/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`\.repository\.js$`,
              allowTypeImports: true,
              message: 'A repository is private to its module: export a service function instead.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts', 'installer/**/*.ts', 'licenses/**/*.ts'],
    ignores: ['server/**/*.repository.ts', 'server/db/**', 'migrations/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `CallExpression[callee.property.name=/^(${queryBuilders.join('|')})$/]`,
          message: 'Queries belong in a repository (<module>.repository.ts): call a repository function here.',
        },
      ],
    },
  },
  {
    // Migrations are frozen against the schema of their day, not today's types: Kysely<any> is the documented form.
    files: ['migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
