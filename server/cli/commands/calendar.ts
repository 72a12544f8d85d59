import type { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { compileCalendar } from '../../modules/calendars/index.js';
import { CalendarError, parseCalendarDocument } from '../../modules/calendars/index.js';
import { computeBetween, computeDeadline, parsePauseText } from '../../modules/calendars/index.js';
import { builtInProductionYears } from '../../modules/calendars/index.js';
import { calendarPresets } from '../../modules/calendars/index.js';
import { importProductionCalendar, productionYears } from '../../modules/calendars/index.js';
import { openInstallation } from '../../installation.js';
import { resolveDataDir } from '../../config/config.js';
import { action, CliError, printJson } from '../command-kit.js';

const collect = (value: string, list: string[]) => [...list, value];

/** The result as one line of JSON, the form scripts read: {"due":"…","dueLocal":"…"} or {"minutes":N}. */
const printLine = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

function loadCalendarFile(path: string) {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read the calendar file ${path}: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseCalendarDocument(doc);
}

/** Production years: built in, plus those imported into a data dir when one is named. */
async function yearsFor(dataDir: string | undefined) {
  if (!dataDir && !process.env.ONDESK_DATA_DIR) return builtInProductionYears;
  const inst = await openInstallation({ dataDir: resolveDataDir(dataDir) });
  try {
    return await productionYears(inst.ctx());
  } finally {
    await inst.close();
  }
}

/** Calendar errors are bad input: one line on stderr, exit code 2. */
function inputErrors<A extends unknown[]>(body: (...args: A) => Promise<void>) {
  return action(async (...args: A) => {
    try {
      await body(...args);
    } catch (err) {
      if (err instanceof CalendarError) throw new CliError(err.message, 2);
      throw err;
    }
  });
}

/** Usage mistakes in these commands are bad input too: exit code 2, like a bad calendar (help exits 0). */
function usageExit(err: CommanderError): never {
  process.exit(['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code) ? 0 : 2);
}

export function registerCalendar(program: Command) {
  const calendar = program.command('calendar').description('business calendars and deadlines in business time');
  calendar.exitOverride(usageExit);
  // A usage mistake is one line on stderr, like every other bad input here (`--help` still shows the help).
  calendar.showHelpAfterError(false);

  calendar
    .command('deadline')
    .description('print when N business minutes from a start end: {"due","dueLocal"}')
    .requiredOption('--calendar <file>', 'calendar document (JSON)')
    .requiredOption('--start <iso>', 'start, ISO 8601 with a zone')
    .requiredOption('--minutes <n>', 'business minutes')
    .option('--pause <from/to>', 'a pause (the clock stands still), repeatable', collect, [])
    .option('--explain', 'add the counted intervals, skipped days and pauses')
    .option('--data-dir <dir>', 'use production-calendar years imported into this installation')
    .exitOverride(usageExit)
    .action(
      inputErrors(
        async (opts: {
          calendar: string;
          start: string;
          minutes: string;
          pause: string[];
          explain?: boolean;
          dataDir?: string;
        }) => {
          if (!/^\d+$/.test(opts.minutes) || !Number.isSafeInteger(Number(opts.minutes)))
            throw new CliError(`--minutes must be a whole number ≥ 0, not "${opts.minutes}"`);
          const parsed = loadCalendarFile(opts.calendar);
          const compiled = compileCalendar(parsed, await yearsFor(opts.dataDir));
          const pauses = opts.pause.map((p, i) => parsePauseText(p, `--pause #${i + 1}`));
          const result = computeDeadline(compiled, {
            start: opts.start,
            minutes: Number(opts.minutes),
            pauses: pauses.map((p) => ({ from: new Date(p.from).toISOString(), to: new Date(p.to).toISOString() })),
            explain: opts.explain,
          });
          for (const w of result.warnings ?? []) process.stderr.write(`warning: ${w}\n`);
          printLine(opts.explain ? result : { due: result.due, dueLocal: result.dueLocal });
        },
      ),
    );

  calendar
    .command('between')
    .description('print the business minutes between two instants: {"minutes":N}')
    .requiredOption('--calendar <file>', 'calendar document (JSON)')
    .requiredOption('--from <iso>', 'from, ISO 8601 with a zone')
    .requiredOption('--to <iso>', 'to, ISO 8601 with a zone')
    .option('--pause <from/to>', 'a pause, repeatable', collect, [])
    .option('--data-dir <dir>', 'use production-calendar years imported into this installation')
    .exitOverride(usageExit)
    .action(
      inputErrors(async (opts: { calendar: string; from: string; to: string; pause: string[]; dataDir?: string }) => {
        const compiled = compileCalendar(loadCalendarFile(opts.calendar), await yearsFor(opts.dataDir));
        const pauses = opts.pause.map((p, i) => parsePauseText(p, `--pause #${i + 1}`));
        printLine(
          computeBetween(compiled, {
            from: opts.from,
            to: opts.to,
            pauses: pauses.map((p) => ({ from: new Date(p.from).toISOString(), to: new Date(p.to).toISOString() })),
          }),
        );
      }),
    );

  calendar
    .command('import <file>')
    .description('load production-calendar years (JSON of the shipped shape) or an iCalendar (.ics) file of holidays')
    .option('--data-dir <dir>', 'data directory')
    .exitOverride(usageExit)
    .action(
      action(async (file: string, opts: { dataDir?: string }) => {
        let content: string;
        try {
          content = readFileSync(file, 'utf8');
        } catch (err) {
          throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
        }
        const inst = await openInstallation({ dataDir: resolveDataDir(opts.dataDir) });
        try {
          const years = await importProductionCalendar(inst.ctx(), { fileName: basename(file), content });
          process.stdout.write(`imported production calendar years: ${years.join(', ')}\n`);
        } finally {
          await inst.close();
        }
      }),
    );

  calendar
    .command('presets')
    .description('print the ready-made calendars as documents')
    .action(() => {
      printJson(calendarPresets);
    });
}
