import { contractEn, contractRu } from './contract.js';
import { actNotesEn, actNotesRu, invoiceNotesEn, invoiceNotesRu } from './notes.js';

/**
 * The default texts of the admin-editable document templates, one per kind and language.
 *
 * - `contract`: the whole body of a contract; the parties' requisites and signatures follow it.
 * - `invoice`: the notes under an invoice's totals (payment terms).
 * - `act`: the notes under an act's totals (acceptance, or what a correction does).
 *
 * The language is Mustache, logic-less: `{{field}}`, `{{#list}}…{{/list}}`, `{{^field}}…{{/field}}`; no
 * partials, no code. The rendered text is read line by line:
 * `# Title` (bold, centred), `## Heading` (bold), `>> text` (right-aligned), `— item` / `- item` (a list
 * item), `[[sla-table]]` (the agreement's SLA targets as a table), an empty line (a gap); any other line is a
 * paragraph.
 */
export type TemplateKind = 'contract' | 'invoice' | 'act';
export const TEMPLATE_KINDS: readonly TemplateKind[] = ['contract', 'invoice', 'act'];

const defaults: Record<TemplateKind, Record<'ru' | 'en', string>> = {
  contract: { ru: contractRu, en: contractEn },
  invoice: { ru: invoiceNotesRu, en: invoiceNotesEn },
  act: { ru: actNotesRu, en: actNotesEn },
};

export function defaultTemplate(kind: TemplateKind, language: 'ru' | 'en'): string {
  return defaults[kind][language];
}
