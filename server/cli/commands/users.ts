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
    .option('--data-dir <dir>', 'data directory')
    .action(
      action(async (opts: { email: string; name: string; dataDir?: string }) => {
        await withInstallation(opts.dataDir, async (inst) => {
          const agent = await findAgentByEmail(inst.ctx(), opts.email);
          if (!agent) throw new CliError(`no agent with the e-mail ${opts.email}`);
          const created = await createApiToken(inst.ctx(), { agentId: agent.id, name: opts.name });
          process.stdout.write(`${created.token}\n`);
        });
      }),
    );
}
