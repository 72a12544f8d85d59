import type { Ctx } from '../context.js';
import { licenseCheckJob } from '../modules/licensing/index.js';
import { slaSweep } from '../modules/sla/index.js';
import { agreementLifecycleJob } from '../modules/agreements/index.js';
import { nightlyBackup } from '../ops/backup.js';
import { pruneDomainEvents } from '../events/event-processors.js';
import { packagePeriodsJob } from '../modules/packages/index.js';
import { reportMailingJob } from '../modules/report-mailing/index.js';
import { recurringServicesJob } from '../modules/recurring/index.js';
import { billingRunJob } from '../modules/documents/index.js';
import { surveysJob } from '../modules/surveys/index.js';
import { portalCleanupJob } from '../modules/portal/index.js';
import { runEscalations } from '../modules/escalation/index.js';
import { webhookLogCleanup } from '../modules/webhooks/index.js';
import { dutyCoverageJob } from '../modules/duty/index.js';
import { idempotencyCleanupJob } from '../modules/integration/index.js';
import { throttleCleanupJob } from '../modules/auth/index.js';
import { dashboardFoldJob } from '../modules/dashboards/index.js';

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
    name: 'sla-sweep',
    schedule: '* * * * *',
    description:
      'moves tickets whose SLA warning or deadline has come to warning or breached and notifies assignees and managers',
    runAtStart: true,
    run: (ctx) => slaSweep(ctx),
  },
  {
    name: 'agreement-lifecycle',
    // Hourly, so an agreement starts within the hour after midnight in its own calendar's zone, wherever the server is.
    schedule: '5 * * * *',
    description:
      'activates planned agreements whose start has come, expires ended ones, queues expiry notices (30/14/7/1 days) once',
    runAtStart: true,
    run: (ctx) => agreementLifecycleJob(ctx),
  },
  {
    name: 'license-check',
    schedule: '17 3 * * *',
    description:
      "records the day's seat usage and the clock's high-water mark; queues license expiry warnings to admins",
    runAtStart: true,
    run: (ctx) => licenseCheckJob(ctx),
  },
  {
    name: 'backup',
    // At night, off the hour marks other jobs use; online, so the desk keeps answering meanwhile.
    schedule: '40 2 * * *',
    description:
      'online backup of the database, attachments and config (secrets redacted) into backupDir, keeping the newest backupKeep (default 7)',
    run: (ctx) => nightlyBackup(ctx),
  },
  {
    name: 'package-periods',
    // Hourly, so a period begins within the hour after midnight in the agreement calendar's own zone.
    schedule: '10 * * * *',
    description:
      'grants the hour package of each period that has begun, carries over or expires what ended periods left, sends threshold notices (50/80/100 %) once',
    runAtStart: true,
    run: (ctx) => packagePeriodsJob(ctx),
  },
  {
    name: 'report-mailing',
    // Every quarter hour: a report goes out within fifteen minutes of its local time in its calendar.
    schedule: '*/15 * * * *',
    description:
      'mails each subscribed report for its last full period on the working day and time it names, once per subscription and period',
    runAtStart: true,
    run: (ctx) => reportMailingJob(ctx),
  },
  {
    name: 'domain-events-retention',
    schedule: '55 3 * * *',
    description:
      'deletes domain events older than eventRetentionDays (default 90) that every after-commit processor has read',
    run: (ctx) => pruneDomainEvents(ctx),
  },
  {
    name: 'recurring-services',
    // Daily, once the Moscow date has turned, off the hour marks other jobs use; runAtStart catches up after downtime.
    schedule: '20 6 * * *',
    description:
      'records the charges of recurring services whose billing date has come (catching up missed periods), runs live certificate checks, sends expiry reminders (30/14/7/1 days) once',
    runAtStart: true,
    run: (ctx) => recurringServicesJob(ctx),
  },
  {
    name: 'billing-run',
    // The 1st of the month, after the recurring charges of the day are recorded (06:20).
    schedule: '50 6 1 * *',
    description:
      'off until an accountant turns it on (Documents → monthly run): issues the previous month’s invoice and act for every client with billable items, once per client, month and kind',
    runAtStart: true,
    run: (ctx) => billingRunJob(ctx),
  },
  {
    name: 'surveys',
    schedule: '* * * * *',
    description:
      'mails the satisfaction surveys whose delay after the resolve has passed (ticket still resolved or closed), once each',
    run: (ctx) => surveysJob(ctx),
  },
  {
    name: 'portal-cleanup',
    schedule: '25 * * * *',
    description:
      'deletes expired portal login links and sessions, and the counted link requests older than the hour the limit looks at',
    run: (ctx) => portalCleanupJob(ctx),
  },
  {
    name: 'escalations',
    // Every minute: a step's page goes out within a minute of its delay.
    schedule: '* * * * *',
    description:
      'pages the next step of every unacknowledged escalation chain whose delay has passed (SMS and e-mail), up to the rounds its policy allows',
    runAtStart: true,
    run: (ctx) => runEscalations(ctx),
  },
  {
    name: 'idempotency-cleanup',
    schedule: '35 * * * *',
    description: 'deletes the kept answers of requests sent with an Idempotency-Key once their 24 hours are over',
    run: (ctx) => idempotencyCleanupJob(ctx),
  },
  {
    name: 'throttle-cleanup',
    // Hourly: a sign-in flood's counters (one row per address tried) are gone within a day and an hour.
    schedule: '45 * * * *',
    description:
      'deletes sign-in throttle and API rate counters idle for a day, and sources known to an account unused for 90 days',
    run: (ctx) => throttleCleanupJob(ctx),
  },
  {
    name: 'duty-coverage',
    // Daily before the working day, so a manager has the day to fill a gap in the coming nights.
    schedule: '15 7 * * *',
    description:
      "mails each team's managers the periods of the next 7 days outside business hours when nobody is on duty",
    run: (ctx) => dutyCoverageJob(ctx),
  },
  {
    name: 'webhook-log-cleanup',
    schedule: '35 4 * * *',
    description: 'deletes webhook delivery log entries older than 30 days (messages still waiting to be sent are kept)',
    run: (ctx) => webhookLogCleanup(ctx),
  },
  {
    name: 'dashboard-fold',
    schedule: '25 4 * * *',
    description:
      "on PostgreSQL, folds the dashboards' daily counts kept per database connection into one row per day for days before yesterday",
    run: (ctx) => dashboardFoldJob(ctx),
  },
];

export function findJob(name: string): Job | undefined {
  return jobs.find((j) => j.name === name);
}
