import { Command } from 'commander';
import { registerServe } from './commands/serve.js';
import { registerMigrate } from './commands/migrate.js';
import { registerUsers } from './commands/users.js';
import { registerCalendar } from './commands/calendar.js';
import { registerLicense, registerNode } from './commands/license.js';
import { registerVendor } from './commands/vendor.js';
import { registerJobs } from './commands/jobs.js';
import { registerInstall } from './commands/install.js';
import { registerOps } from './commands/ops.js';

/** The `ondesk` command. Each domain adds its commands with a register function. */
export function buildProgram(): Command {
  const program = new Command('ondesk').description('Ondesk service desk').version('0.1.0');
  program.showHelpAfterError();
  registerServe(program);
  registerMigrate(program);
  registerUsers(program);
  registerCalendar(program);
  registerLicense(program);
  registerNode(program);
  registerVendor(program);
  registerJobs(program);
  registerInstall(program);
  registerOps(program);
  return program;
}
