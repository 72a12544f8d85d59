/**
 * Numbers of agreements made from another one. A renewal continues the series of its source
 * ("2026-014" → "2026-014/2", "2026-014/2" → "2026-014/3"); a copy for another client takes the first
 * free "-k" of the source's number ("TYPICAL-SLA" → "TYPICAL-SLA-1"). Taken numbers are skipped.
 */
const SERIES = /^(.*)\/(\d+)$/;

/** The part before "/k": what the taken-numbers lookup searches for. */
export function seriesBase(number: string): string {
  return SERIES.exec(number)?.[1] ?? number;
}

export function nextRenewalNumber(number: string, taken: ReadonlySet<string>): string {
  const m = SERIES.exec(number);
  const base = m ? m[1]! : number;
  let k = m ? Number(m[2]) + 1 : 2;
  while (taken.has(`${base}/${k}`)) k++;
  return `${base}/${k}`;
}

export function copyNumbers(number: string, count: number, taken: ReadonlySet<string>): string[] {
  const numbers: string[] = [];
  for (let k = 1; numbers.length < count; k++) {
    if (!taken.has(`${number}-${k}`)) numbers.push(`${number}-${k}`);
  }
  return numbers;
}
