import type { Ctx } from '../context.js';
import { licenseCheckJob } from '../modules/licensing/licensing.service.js';

/** A scheduled job: a name, a cron schedule (server time) and a run over a system context. */
export interface Job {
  name: string;
  schedule: string;
  description: string;
  /** Also run once when the server starts (catches up after downtime). */
  runAtStart?: boolean;
  run(ctx: Ctx): Promise<unknown>;
}

export const jobs: Job[] = [
  {
    name: 'license-check',
    schedule: '17 3 * * *',
    description: "records the day's seat usage and the clock's high-water mark; queues license expiry warnings to admins",
    runAtStart: true,
    run: (ctx) => licenseCheckJob(ctx),
  },
];

export function findJob(name: string): Job | undefined {
  return jobs.find((j) => j.name === name);
}
