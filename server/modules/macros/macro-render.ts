import Mustache from 'mustache';

/** What a macro's body may say: `{{ticket.number}}`, `{{contact.name}}`, `{{agent.name}}` … */
export interface MacroView {
  ticket: { number: number; subject: string; status: string; priority: string };
  contact: { name: string };
  organization: { name: string };
  agent: { name: string };
}

export const macroVariables = [
  'ticket.number',
  'ticket.subject',
  'ticket.status',
  'ticket.priority',
  'contact.name',
  'organization.name',
  'agent.name',
] as const;

/**
 * The body of a macro with its variables filled in. Plain text, not HTML: the composer shows it as typed and
 * mail escapes it later, so Mustache's HTML escaping would only print `&amp;` into a reply.
 */
export function renderMacroBody(template: string, view: MacroView): string {
  return Mustache.render(template, view, {}, { escape: (value: unknown) => String(value) });
}

/** Refuses a body Mustache cannot parse, naming the problem, so a broken macro is never saved. */
export function macroSyntaxError(template: string): string | null {
  try {
    Mustache.parse(template);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
