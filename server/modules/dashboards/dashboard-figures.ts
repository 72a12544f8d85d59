/** Turning stored counts into dashboard figures, pure. */

export interface DayCount {
  day: string;
  metric: string;
  n: number;
}

export interface TrendPoint {
  day: string;
  created: number;
  resolved: number;
}

/** One point per day asked for, zero where nothing happened, so a chart's axis has no gaps. */
export function trendOf(days: readonly string[], counts: readonly DayCount[]): TrendPoint[] {
  const byDay = new Map(days.map((day) => [day, { day, created: 0, resolved: 0 }]));
  for (const c of counts) {
    const point = byDay.get(c.day);
    if (point && (c.metric === 'created' || c.metric === 'resolved')) point[c.metric] += c.n;
  }
  return [...byDay.values()];
}

export interface Compliance {
  met: number;
  breached: number;
  /** met / (met + breached), 0..1; null when nothing was decided in the period. */
  compliance: number | null;
}

export function complianceOf(met: number, breached: number): Compliance {
  return { met, breached, compliance: met + breached === 0 ? null : met / (met + breached) };
}

export interface SlaCompliance {
  reaction: Compliance;
  resolution: Compliance;
}

/** The period's reaction and resolution compliance from its daily counts. */
export function slaComplianceOf(counts: readonly DayCount[]): SlaCompliance {
  const sum = (metric: string) => counts.reduce((total, c) => (c.metric === metric ? total + c.n : total), 0);
  return {
    reaction: complianceOf(sum('reaction_met'), sum('reaction_breached')),
    resolution: complianceOf(sum('resolution_met'), sum('resolution_breached')),
  };
}
