// Pure: how the board's cells and an engineer's planned work are put together (no Fastify, no database).

export const DEFAULT_EFFORT_MINUTES = 60;

/**
 * Planned minutes of an engineer: for each open ticket assigned to them, the work it is expected to take minus
 * what was already logged on it (never below zero). What a ticket is expected to take is the desk's own average
 * of minutes logged per resolved ticket of the same priority over the last 90 days, or an hour where there is
 * no such history. SLA targets are not used: they measure how long a client may wait, not how long work takes.
 */
export function plannedMinutes(
  tickets: readonly { id: number; priority: string }[],
  averageByPriority: ReadonlyMap<string, number>,
  logged: ReadonlyMap<number, number>,
): number {
  let total = 0;
  for (const t of tickets) {
    const expected = averageByPriority.get(t.priority) ?? DEFAULT_EFFORT_MINUTES;
    total += Math.max(0, expected - (logged.get(t.id) ?? 0));
  }
  return Math.round(total);
}

export interface BoardCell<C> {
  status: string;
  count: number;
  cards: C[];
}

/** One column per key (engineer or team, null = nobody) with a cell per status in workflow order. */
export function assembleColumns<C extends { status: string }>(
  keys: readonly { id: number | null; name: string | null }[],
  statuses: readonly string[],
  counts: readonly { key: number | null; status: string; n: number }[],
  cards: readonly (C & { key: number | null })[],
) {
  const countOf = new Map(counts.map((c) => [`${c.key}:${c.status}`, Number(c.n)]));
  return keys.map((k) => {
    const cells: BoardCell<C>[] = statuses.map((status) => ({
      status,
      count: countOf.get(`${k.id}:${status}`) ?? 0,
      cards: cards.filter((c) => c.key === k.id && c.status === status),
    }));
    return { id: k.id, name: k.name, wip: cells.reduce((n, c) => n + c.count, 0), cells };
  });
}

/** Monday 00:00 UTC of the week holding `now`, and the Monday after. */
export function weekOf(now: Date): { from: Date; to: Date } {
  const day = (now.getUTCDay() + 6) % 7;
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - day));
  return { from, to: new Date(from.getTime() + 7 * 86_400_000) };
}
