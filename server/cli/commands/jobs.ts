import type { Command } from 'commander';
import { systemActor } from '../../context.js';
import { findJob, jobs } from '../../jobs/registry.js';
import { runJob } from '../../jobs/runner.js';
import { lastRun } from '../../jobs/jobs.service.js';
import { action, CliError, printJson, withInstallation } from '../command-kit.js';

export function registerJobs(program: Command) {
  const cmd = program.command('jobs').description('scheduled jobs');
  cmd
    .command('list')
    .description('every job with its schedule and last run')
    .option('--data-dir <dir>', 'data directory')
    .action(
      action(async (opts: { dataDir?: string }) => {
        await withInstallation(opts.dataDir, async (inst) => {
          for (const job of jobs) {
            const last = await lastRun(inst.ctx(), job.name);
            const lastText = last ? `${last.status} ${last.finished_at ?? last.started_at}` : 'never run';
            process.stdout.write(
              `${job.name.padEnd(22)} ${job.schedule.padEnd(12)} ${lastText.padEnd(36)} ${job.description}\n`,
            );
          }
        });
      }),
    );
  cmd
    .command('run <name>')
    .description('run one job now and print its result')
    .option('--data-dir <dir>', 'data directory')
    .action(
      action(async (name: string, opts: { dataDir?: string }) => {
        const job = findJob(name);
        if (!job) throw new CliError(`no job named "${name}"; jobs: ${jobs.map((j) => j.name).join(', ')}`);
        await withInstallation(opts.dataDir, async (inst) => {
          const outcome = await runJob(inst.ctx(systemActor(`cli:jobs run ${name}`)), job, 'manual');
          if (outcome.status === 'skipped') throw new CliError(outcome.reason, 1);
          if (outcome.status === 'failed') throw new CliError(`${name} failed: ${outcome.error}`, 1);
          printJson({ job: name, run: outcome.runId, result: outcome.result });
        });
      }),
    );
}
