/**
 * The agents report as a pure function of what each engineer did, read from the tickets' history: a ticket
 * handled is one assigned to them or touched by them (a change, a comment) in the period; a first response is
 * the ticket's first public agent reply when it was theirs; a resolution is a change of status to resolved
 * made by them, and it counts as reopened when the ticket left resolved/closed for a working status later
 * (in any period: a reopen rate is about the resolutions of the period, whenever they came back). Satisfaction
 * is the scores contacts gave in the period (by when they answered), each counted for the ticket's assignee.
 */

export interface AgentRef {
  id: number;
  name: string;
}

/** An engineer's hand on a ticket at an instant (epoch ms): a change, a comment, or being assigned it. */
export interface AgentTouch {
  agentId: number;
  ticketId: number;
  at: number;
}

export interface StatusChange {
  ticketId: number;
  agentId: number | null;
  at: number;
  from: string | null;
  to: string;
}

export interface AgentWork {
  agentId: number;
  billableMinutes: number;
  nonBillableMinutes: number;
}

export interface AgentFacts {
  agents: readonly AgentRef[];
  touches: readonly AgentTouch[];
  /** Each ticket's first public agent reply (one per ticket), whoever wrote it. */
  firstResponses: readonly AgentTouch[];
  /** Status changes of the tickets, in time order per ticket (earlier ones included: a reopen comes later). */
  statusChanges: readonly StatusChange[];
  work: readonly AgentWork[];
  /** Survey answers (score 1–5) at the instant given, for the assignee of the ticket they rate. */
  satisfaction?: readonly { agentId: number; score: number; at: number }[];
}

export interface AgentRow {
  agentId: number;
  agentName: string;
  ticketsHandled: number;
  firstResponses: number;
  resolutions: number;
  reopened: number;
  /** reopened ÷ resolutions; null when nothing was resolved. */
  reopenRate: number | null;
  billableMinutes: number;
  nonBillableMinutes: number;
  /** Average survey score (1–5, two decimals) of the answers in the period; null when there were none. */
  satisfactionAverage: number | null;
  satisfactionAnswers: number;
}

const DONE = new Set(['resolved', 'closed']);
const within = (at: number, span: { start: number; end: number }) => at >= span.start && at < span.end;

export function agentsReport(
  facts: AgentFacts,
  span: { start: number; end: number },
): { rows: AgentRow[]; total: AgentRow } {
  const rows = new Map<number, AgentRow & { handled: Set<number>; scoreSum: number }>();
  const names = new Map(facts.agents.map((a) => [a.id, a.name]));
  const rowOf = (agentId: number) => {
    let row = rows.get(agentId);
    if (!row) {
      row = {
        agentId,
        agentName: names.get(agentId) ?? `#${agentId}`,
        ticketsHandled: 0,
        firstResponses: 0,
        resolutions: 0,
        reopened: 0,
        reopenRate: null,
        billableMinutes: 0,
        nonBillableMinutes: 0,
        satisfactionAverage: null,
        satisfactionAnswers: 0,
        handled: new Set(),
        scoreSum: 0,
      };
      rows.set(agentId, row);
    }
    return row;
  };
  for (const t of facts.touches) if (within(t.at, span)) rowOf(t.agentId).handled.add(t.ticketId);
  for (const r of facts.firstResponses) if (within(r.at, span)) rowOf(r.agentId).firstResponses += 1;

  const byTicket = new Map<number, StatusChange[]>();
  for (const c of facts.statusChanges) {
    const list = byTicket.get(c.ticketId) ?? [];
    list.push(c);
    byTicket.set(c.ticketId, list);
  }
  for (const changes of byTicket.values()) {
    changes.sort((a, b) => a.at - b.at);
    changes.forEach((c, i) => {
      if (c.to !== 'resolved' || c.agentId === null || !within(c.at, span)) return;
      const row = rowOf(c.agentId);
      row.resolutions += 1;
      // Reopened: the next change that leaves resolved/closed for a working status.
      const reopen = changes.slice(i + 1).find((n) => n.from !== null && DONE.has(n.from) && !DONE.has(n.to));
      if (reopen) row.reopened += 1;
    });
  }
  for (const w of facts.work) {
    const row = rowOf(w.agentId);
    row.billableMinutes += w.billableMinutes;
    row.nonBillableMinutes += w.nonBillableMinutes;
  }
  for (const s of facts.satisfaction ?? []) {
    if (!within(s.at, span)) continue;
    const row = rowOf(s.agentId);
    row.satisfactionAnswers += 1;
    row.scoreSum += s.score;
  }
  const average = (sum: number, n: number) => (n === 0 ? null : Math.round((sum / n) * 100) / 100);
  const total: AgentRow = {
    agentId: 0,
    agentName: '',
    ticketsHandled: 0,
    firstResponses: 0,
    resolutions: 0,
    reopened: 0,
    reopenRate: null,
    billableMinutes: 0,
    nonBillableMinutes: 0,
    satisfactionAverage: null,
    satisfactionAnswers: 0,
  };
  let scoreSumAll = 0;
  const handledAll = new Set<number>();
  const out: AgentRow[] = [];
  for (const { handled, scoreSum, ...row } of rows.values()) {
    row.ticketsHandled = handled.size;
    row.satisfactionAverage = average(scoreSum, row.satisfactionAnswers);
    total.satisfactionAnswers += row.satisfactionAnswers;
    scoreSumAll += scoreSum;
    row.reopenRate = row.resolutions === 0 ? null : row.reopened / row.resolutions;
    for (const id of handled) handledAll.add(id);
    total.firstResponses += row.firstResponses;
    total.resolutions += row.resolutions;
    total.reopened += row.reopened;
    total.billableMinutes += row.billableMinutes;
    total.nonBillableMinutes += row.nonBillableMinutes;
    out.push(row);
  }
  total.ticketsHandled = handledAll.size;
  total.satisfactionAverage = average(scoreSumAll, total.satisfactionAnswers);
  total.reopenRate = total.resolutions === 0 ? null : total.reopened / total.resolutions;
  out.sort((a, b) => a.agentName.localeCompare(b.agentName, 'ru') || a.agentId - b.agentId);
  return { rows: out, total };
}
