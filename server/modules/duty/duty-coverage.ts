import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { enqueue } from '../outbox/index.js';
import { formatLocal } from '../calendars/index.js';
import { gapsOfSchedules, managersOfTeam } from './duty.service.js';

const DAY = 86_400_000;

/** A gap as the team reads it: local times in the schedule's zone, "05.12 19:00 – 06.12 10:00". */
function describe(zone: string, gap: { from: string; to: string }, language: 'ru' | 'en') {
  const f = (iso: string) => {
    const local = formatLocal(zone, Date.parse(iso)); // 2026-12-05T19:00:00+03:00
    const [date, time] = [local.slice(0, 10), local.slice(11, 16)];
    return language === 'ru' ? `${date.slice(8, 10)}.${date.slice(5, 7)} ${time}` : `${date.slice(5, 10)} ${time}`;
  };
  return `${f(gap.from)} – ${f(gap.to)}`;
}

/**
 * Daily: nobody on duty in the next 7 days outside a team's business hours is a gap its managers hear of,
 * once a day per schedule and manager (the outbox key), in their language.
 */
export async function dutyCoverageJob(ctx: Ctx): Promise<{ schedules: number; mailed: number }> {
  const now = ctx.clock.now();
  const all = await gapsOfSchedules(ctx, now, new Date(now.getTime() + 7 * DAY));
  const day = now.toISOString().slice(0, 10);
  let mailed = 0;
  for (const { schedule, teamName, gaps } of all) {
    if (gaps.length === 0) continue;
    const managers = await managersOfTeam(ctx, schedule.team_id);
    await inTransaction(ctx, async (tx) => {
      for (const m of managers) {
        const language = m.language === 'en' ? 'en' : 'ru';
        const lines = gaps.slice(0, 50).map((g) => `• ${describe(schedule.timezone, g, language)}`);
        const more = gaps.length > 50 ? [`… +${gaps.length - 50}`] : [];
        const subject =
          language === 'ru'
            ? `Дежурства «${schedule.name}»: без дежурного ${gaps.length} ${gaps.length === 1 ? 'период' : 'периода(ов)'} за 7 дней`
            : `Duty "${schedule.name}": ${gaps.length} period${gaps.length === 1 ? '' : 's'} without anyone on call in the next 7 days`;
        const body =
          language === 'ru'
            ? [
                `Здравствуйте, ${m.name}!`,
                '',
                `В графике дежурств «${schedule.name}» (команда «${teamName}», время ${schedule.timezone}) вне рабочего времени команды никто не дежурит:`,
                ...lines,
                ...more,
                '',
                'Добавьте замену или слой ротации на странице «Дежурства».',
              ]
            : [
                `Hello ${m.name},`,
                '',
                `In the duty schedule "${schedule.name}" (team "${teamName}", times in ${schedule.timezone}) nobody is on call outside the team's business hours:`,
                ...lines,
                ...more,
                '',
                'Add an override or a rotation layer on the Duty page.',
              ];
        if (
          await enqueue(
            tx.db,
            {
              channel: 'email',
              recipient: m.email,
              subject,
              body: body.join('\n'),
              dedupeKey: `duty-gaps:${schedule.id}:${day}:${m.id}`,
            },
            now,
          )
        )
          mailed += 1;
      }
    });
  }
  return { schedules: all.length, mailed };
}
