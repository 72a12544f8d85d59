import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { createAgent, findAgentByEmail } from '../../modules/agents/index.js';
import { createApiToken } from '../../modules/auth/index.js';
import { action, CliError, readSecretFile, withInstallation } from '../command-kit.js';

const roles = ['admin', 'manager', 'engineer', 'accountant'] as const;

export function registerUsers(program: Command) {
  const user = program.command('user').description('manage agents');
  user
    .command('create')
    .description('create an agent; without --password-file a password is generated and printed once')
    .requiredOption('--email <e>', 'e-mail, used to sign in')
    .requiredOption('--name <n>', 'full name')
    .requiredOption('--role <r>', `one of ${roles.join(', ')}`)
    .option('--password-file <f>', 'file holding the password ("-" for stdin)')
    .option('--language <l>', 'ru or en', 'ru')
    .option('--data-dir <dir>', 'data directory')
    .action(
      action(
        async (opts: {
          email: string;
          name: string;
          role: string;
          passwordFile?: string;
          language: string;
          dataDir?: string;
        }) => {
          if (!roles.includes(opts.role as (typeof roles)[number]))
            throw new CliError(`--role must be one of ${roles.join(', ')}, not "${opts.role}"`);
          if (!/^[^@\s]+@[^@\s]+$/.test(opts.email))
            throw new CliError(`--email "${opts.email}" is not an e-mail address`);
          if (!['ru', 'en'].includes(opts.language)) throw new CliError('--language must be ru or en');
          const generated = opts.passwordFile ? null : randomBytes(12).toString('base64url');
          const password = opts.passwordFile ? readSecretFile(opts.passwordFile) : generated!;
          await withInstallation(opts.dataDir, async (inst) => {
            const agent = await createAgent(inst.ctx(), {
              email: opts.email,
              name: opts.name,
              role: opts.role as (typeof roles)[number],
              password,
              language: opts.language,
            });
            process.stdout.write(`created agent ${agent.id} ${agent.email} (${agent.role})\n`);
            if (generated) process.stdout.write(`password: ${generated}\n`);
          });
        },
      ),
    );

  const token = program.command('token').description('API tokens for integrations');
  token
    .command('create')
    .description('create an API token for an agent and print it once (use as Authorization: Bearer)')
    .requiredOption('--email <e>', 'the agent the token acts as')
    .option('--name <n>', 'what the token is for', 'cli')
    .option('--scope <scope>', 'read (GET only) or write (everything the agent may do)', 'write')
    .option('--scopes <list>', 'comma-separated scopes instead of --scope: read, tickets:write, admin, … (see README)')
    .option('--expires-days <n>', 'the token stops working after this many days (default: never)')
    .option('--data-dir <dir>', 'data directory')
    .action(
      action(
        async (opts: {
          email: string;
          name: string;
          scope: string;
          scopes?: string;
          expiresDays?: string;
          dataDir?: string;
        }) => {
          if (opts.scope !== 'read' && opts.scope !== 'write')
            throw new CliError(`--scope is read or write, not ${opts.scope}`);
          const scope: 'read' | 'write' = opts.scope;
          const days = opts.expiresDays === undefined ? undefined : Number(opts.expiresDays);
          if (days !== undefined && !(Number.isInteger(days) && days > 0 && days <= 36_500))
            throw new CliError(`--expires-days is a whole number of days from 1 to 36500, not ${opts.expiresDays}`);
          await withInstallation(opts.dataDir, async (inst) => {
            const agent = await findAgentByEmail(inst.ctx(), opts.email);
            if (!agent) throw new CliError(`no agent with the e-mail ${opts.email}`);
            const ctx = inst.ctx();
            const expiresAt =
              days === undefined ? undefined : new Date(ctx.clock.now().getTime() + days * 86_400_000).toISOString();
            const scopes = opts.scopes
              ?.split(',')
              .map((word) => word.trim())
              .filter(Boolean);
            const created = await createApiToken(ctx, { agentId: agent.id, name: opts.name, scope, scopes, expiresAt });
            process.stdout.write(`${created.token}\n`);
          });
        },
      ),
    );
}
