import type { TicketPriority, TicketStatus } from '../../db/schema.js';
import { explainBreach } from './breach-explanation.js';
import type { Language, ReportPeriod } from './report-period.js';
import { slaReport, type SlaReport, type SlaTicketFacts } from './sla-report.js';

/**
 * The monthly client pack of one agreement as a pure function: the tickets of the period, SLA compliance per
 * priority and every breach explained in a sentence (from the SLA report's own outcomes, so the pack and the
 * SLA report never disagree), the hours used against the hour package, and the satisfaction scores of the
 * agreement's tickets answered in the period.
 */

export interface PackTicketFacts {
  number: number;
  subject: string;
  priority: TicketPriority;
  status: TicketStatus;
  createdAt: number;
  /** The last resolution (else the closing) while the ticket is done; null while it is open. */
  doneAt: number | null;
}

export interface PackagePeriodUse {
  key: string;
  start: string;
  end: string;
  grantedMinutes: number;
  usedMinutes: number;
  balanceMinutes: number;
}

export interface EngineerHours {
  agentName: string;
  minutes: number;
  billableMinutes: number;
}

export interface ClientPackFacts {
  tickets: readonly PackTicketFacts[];
  sla: readonly SlaTicketFacts[];
  packages: readonly PackagePeriodUse[];
  hours: readonly EngineerHours[];
  /** Survey answers (score 1–5) of the agreement's tickets, at the instant given. */
  satisfaction?: readonly { score: number; at: number }[];
  now: number;
}

export interface ExplainedBreach {
  number: number;
  subject: string;
  priority: TicketPriority;
  kind: 'reaction' | 'resolution';
  explanation: string;
}

export interface ClientPack {
  tickets: PackTicketFacts[];
  sla: SlaReport;
  breaches: ExplainedBreach[];
  packages: PackagePeriodUse[];
  hours: EngineerHours[];
  satisfaction: PackSatisfaction;
}

export interface PackSatisfaction {
  /** Two decimals; null without answers. */
  average: number | null;
  answers: number;
  /** How many answers gave each score, 1 to 5. */
  distribution: [number, number, number, number, number];
}

export function clientPack(
  facts: ClientPackFacts,
  period: ReportPeriod,
  span: { start: number; end: number },
  language: Language,
): ClientPack {
  // The period's tickets: created before it ends and not done before it starts.
  const tickets = facts.tickets
    .filter((t) => t.createdAt < span.end && (t.doneAt === null || t.doneAt >= span.start))
    .sort((a, b) => a.number - b.number);
  const sla = slaReport(facts.sla, period, 'priority');
  const byId = new Map(facts.sla.map((t) => [t.id, t]));
  const breaches = sla.breaches.map((b) => {
    const t = byId.get(b.ticketId)!;
    return {
      number: b.number,
      subject: b.subject,
      priority: b.priority,
      kind: b.kind,
      explanation: explainBreach(
        {
          kind: b.kind,
          dueAt: Date.parse(b.dueAt),
          doneAt: b.doneAt === null ? null : Date.parse(b.doneAt),
          now: facts.now,
          calendar: t.calendar,
          pauses: t.pauses,
          createdAt: t.createdAt,
        },
        language,
      ),
    };
  });
  return {
    tickets,
    sla,
    breaches,
    packages: [...facts.packages].sort((a, b) => a.start.localeCompare(b.start)),
    hours: [...facts.hours].sort((a, b) => b.minutes - a.minutes || a.agentName.localeCompare(b.agentName, 'ru')),
    satisfaction: satisfactionOf((facts.satisfaction ?? []).filter((s) => s.at >= span.start && s.at < span.end)),
  };
}

function satisfactionOf(answers: readonly { score: number }[]): PackSatisfaction {
  const distribution: PackSatisfaction['distribution'] = [0, 0, 0, 0, 0];
  let sum = 0;
  for (const a of answers) {
    distribution[a.score - 1]! += 1;
    sum += a.score;
  }
  return {
    average: answers.length ? Math.round((sum / answers.length) * 100) / 100 : null,
    answers: answers.length,
    distribution,
  };
}
