import { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Every command, by name, with the module that registers it. Modules load only for the command that runs:
 * `serve` never loads the installer's prompts or the backup archiver, and stays light in memory.
 */
const commands: Array<[names: string[], load: () => Promise<Register[]>]> = [
  [['serve'], async () => [(await import('./commands/serve.js')).registerServe]],
  [['migrate'], async () => [(await import('./commands/migrate.js')).registerMigrate]],
  [['db'], async () => [(await import('./commands/db.js')).registerDb]],
  [['user', 'token'], async () => [(await import('./commands/users.js')).registerUsers]],
  [['calendar'], async () => [(await import('./commands/calendar.js')).registerCalendar]],
  [
    ['license', 'node'],
    async () => {
      const m = await import('./commands/license.js');
      return [m.registerLicense, m.registerNode];
    },
  ],
  [['vendor'], async () => [(await import('./commands/vendor.js')).registerVendor]],
  [['jobs'], async () => [(await import('./commands/jobs.js')).registerJobs]],
  [['nodes'], async () => [(await import('./commands/nodes.js')).registerNodes]],
  [['install', 'uninstall'], async () => [(await import('./commands/install.js')).registerInstall]],
  [
    ['backup', 'restore', 'upgrade', 'doctor', 'support-bundle'],
    async () => [(await import('./commands/ops.js')).registerOps],
  ],
];

/** The `ondesk` command; with the name of the command about to run, only that command is loaded. */
export async function buildProgram(running?: string): Promise<Command> {
  const program = new Command('ondesk').description('Ondesk service desk').version('0.1.0');
  program.showHelpAfterError();
  const chosen = commands.filter(([names]) => running !== undefined && names.includes(running));
  // Help, a version query or an unknown command: everything, so the listing and suggestions are complete.
  for (const [, load] of chosen.length ? chosen : commands) for (const register of await load()) register(program);
  return program;
}
