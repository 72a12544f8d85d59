/**
 * Support lines as a pure core, no I/O: L1 → L2 → development in the order of their positions. A ticket that
 * names no line is on the first; escalation moves it one line up, de-escalation one line down.
 */

export type LineKind = 'support' | 'development';

export interface Line {
  id: number;
  position: number;
  name: string;
  teamId: number | null;
  kind: LineKind;
}

/** The line a ticket is on: the line at `position`, the first line when it names none (or one since removed). */
export function lineAt(lines: readonly Line[], position: number | null): Line | null {
  if (lines.length === 0) return null;
  return (position === null ? undefined : lines.find((l) => l.position === position)) ?? lines[0]!;
}

/** The line above the ticket's, or null on the last one. `lines` are ordered by position. */
export function nextLine(lines: readonly Line[], position: number | null): Line | null {
  const current = lineAt(lines, position);
  if (!current) return null;
  return lines[lines.indexOf(current) + 1] ?? null;
}

/** The line below the ticket's, or null on the first one. */
export function previousLine(lines: readonly Line[], position: number | null): Line | null {
  const current = lineAt(lines, position);
  if (!current) return null;
  const index = lines.indexOf(current);
  return index > 0 ? lines[index - 1]! : null;
}

/** A handoff note tells the next line what was done and what is asked: at least a few characters of it. */
export const MIN_NOTE_LENGTH = 3;
export const MAX_NOTE_LENGTH = 4000;

export function cleanNote(note: string | undefined): string | null {
  const text = (note ?? '').trim();
  return text.length >= MIN_NOTE_LENGTH && text.length <= MAX_NOTE_LENGTH ? text : null;
}

export interface LineInput {
  name: string;
  teamId: number | null;
  kind: LineKind;
}

/**
 * Problems of a whole set of lines as an admin saves it (positions are the list's order): names present and
 * distinct; development lines only above the support ones (nobody escalates from development back to support
 * by going "up").
 */
export function lineSetProblems(input: readonly LineInput[]): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  let development = false;
  input.forEach((l, i) => {
    const name = l.name.trim();
    if (!name) problems.push({ path: `body.lines.${i}.name`, message: 'is empty' });
    else if (seen.has(name.toLowerCase()))
      problems.push({ path: `body.lines.${i}.name`, message: 'repeats another line' });
    seen.add(name.toLowerCase());
    if (l.kind === 'development') development = true;
    else if (development)
      problems.push({ path: `body.lines.${i}.kind`, message: 'a support line cannot come after a development line' });
  });
  return problems;
}
