import Mustache from 'mustache';
import type { IssuedDocument, PartyRequisites, Signer } from '../document-model.js';
import {
  formatLongDate,
  formatMoney,
  formatShortDate,
  formatTargetMinutes,
  type DocumentLanguage,
} from './document-format.js';

/**
 * Admin-editable document texts: Mustache, which is logic-less — a template can only print fields and repeat
 * or skip blocks; it can never run code. Two more doors are shut on purpose: partials (`{{> name}}`, which
 * would pull in other text) are refused, and the view handed to a template holds plain data only (no
 * functions, so no lambdas). HTML escaping is off: the text goes into a PDF, not a web page, and «ООО
 * "Ромашка"» must print as written.
 */

/** The largest template accepted: a contract is a few pages; megabytes would be a mistake or an attack. */
export const TEMPLATE_MAX_LENGTH = 100_000;

/** The shape of the view: a leaf is printed text, an array a list of items of its one element's shape. */
type FieldShape = 'text' | FieldShape[] | { [name: string]: FieldShape };

const signer: FieldShape = { position: 'text', fullName: 'text', shortName: 'text' };
const party: { [name: string]: FieldShape } = {
  name: 'text',
  inn: 'text',
  kpp: 'text',
  ogrn: 'text',
  address: 'text',
  bankName: 'text',
  bik: 'text',
  corrAccount: 'text',
  settlementAccount: 'text',
  phone: 'text',
  email: 'text',
};

/** Every field a template may use. Kept next to `templateView`, which builds exactly this shape. */
export const templateFields: { [name: string]: FieldShape } = {
  number: 'text',
  date: 'text',
  dateShort: 'text',
  seller: { ...party, director: signer, accountant: signer },
  buyer: party,
  agreement: { number: 'text', title: 'text', startsOn: 'text', endsOn: 'text' },
  period: { from: 'text', to: 'text' },
  correction: { storno: 'text', corrected: 'text', number: 'text', date: 'text' },
  net: 'text',
  vat: 'text',
  total: 'text',
  totalInWords: 'text',
  paymentPurpose: 'text',
  linesCount: 'text',
  terms: {
    tier: 'text',
    services: ['text'],
    slaTargets: [{ priority: 'text', reaction: 'text', resolution: 'text' }],
    packageHours: 'text',
    calendarName: 'text',
  },
};

/** Dotted paths of every field, for the admin's help text and for error messages. */
export function templateFieldNames(): string[] {
  const out: string[] = [];
  const walk = (shape: FieldShape, prefix: string) => {
    if (shape === 'text') out.push(prefix);
    else if (Array.isArray(shape)) {
      out.push(prefix);
      if (shape[0] !== 'text') walk(shape[0]!, `${prefix}[]`);
    } else for (const [k, v] of Object.entries(shape)) walk(v, prefix ? `${prefix}.${k}` : k);
  };
  walk(templateFields, '');
  return out;
}

type Token = [string, string, number, number, Token[]?, ...unknown[]];

/** Resolves a dotted name against one context shape, as Mustache does (every segment must exist). */
function resolve(shape: FieldShape, name: string): FieldShape | undefined {
  let current: FieldShape | undefined = shape;
  for (const part of name.split('.')) {
    if (!current || current === 'text' || Array.isArray(current)) return undefined;
    current = Object.hasOwn(current, part) ? current[part] : undefined;
  }
  return current;
}

/** What a section's name looks up: the nearest context that has it, innermost first (Mustache's rule). */
function lookup(stack: FieldShape[], name: string): FieldShape | undefined {
  if (name === '.') return stack.at(-1);
  for (let i = stack.length - 1; i >= 0; i--) {
    const found = resolve(stack[i]!, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

function checkTokens(tokens: Token[], stack: FieldShape[]): string | null {
  for (const token of tokens) {
    const [type, name] = token;
    if (type === 'text' || type === '!' || type === '=') continue;
    if (type === '>') {
      return `Templates may not include other templates ({{> ${name}}}): write the text in this template instead.`;
    }
    const found = lookup(stack, name);
    if (found === undefined) {
      return `The template uses {{${name}}}, which documents do not have. Fields: ${templateFieldNames().join(', ')}.`;
    }
    if (type === '#' || type === '^') {
      // Inside `{{#list}}` the context is one item; inside `{{#field}}` it is the field; `{{^x}}` keeps it.
      const inner = type === '^' ? stack : [...stack, Array.isArray(found) ? found[0]! : found];
      const error = checkTokens(token[4] ?? [], inner);
      if (error) return error;
    }
  }
  return null;
}

/**
 * Whether an admin's template can be saved: null when it can, otherwise what is wrong in words they can act
 * on. It must parse as Mustache, use no partials, and name only fields documents have (a typo would
 * otherwise print nothing on a real contract).
 */
export function validateTemplate(body: string): string | null {
  if (body.length > TEMPLATE_MAX_LENGTH) {
    return `The template is ${body.length} characters long; at most ${TEMPLATE_MAX_LENGTH} are allowed.`;
  }
  let tokens: Token[];
  try {
    tokens = Mustache.parse(body) as Token[];
  } catch (error) {
    return `The template cannot be read: ${(error as Error).message}.`;
  }
  return checkTokens(tokens, [templateFields]);
}

const partyView = (p: PartyRequisites) => ({
  name: p.name,
  inn: p.inn,
  kpp: p.kpp,
  ogrn: p.ogrn,
  address: p.address,
  bankName: p.bankName,
  bik: p.bik,
  corrAccount: p.corrAccount,
  settlementAccount: p.settlementAccount,
  phone: p.phone,
  email: p.email,
});

const signerView = (s: Signer) => ({ position: s.position, fullName: s.fullName, shortName: s.shortName });

/** The data a template sees: the document's fields as printed text (dates and money formatted already). */
export function templateView(doc: IssuedDocument) {
  const lang: DocumentLanguage = doc.language;
  const terms = doc.contractTerms;
  return {
    number: doc.number,
    date: formatLongDate(doc.date, lang),
    dateShort: formatShortDate(doc.date, lang),
    seller: {
      ...partyView(doc.seller),
      director: signerView(doc.seller.director),
      accountant: doc.seller.accountant ? signerView(doc.seller.accountant) : null,
    },
    buyer: partyView(doc.buyer),
    agreement: doc.agreement
      ? {
          number: doc.agreement.number,
          title: doc.agreement.title,
          startsOn: formatLongDate(doc.agreement.startsOn, lang),
          endsOn: doc.agreement.endsOn ? formatLongDate(doc.agreement.endsOn, lang) : null,
        }
      : null,
    period:
      doc.periodFrom && doc.periodTo
        ? { from: formatShortDate(doc.periodFrom, lang), to: formatShortDate(doc.periodTo, lang) }
        : null,
    correction:
      doc.correction && doc.corrects
        ? {
            storno: doc.correction === 'storno',
            corrected: doc.correction === 'corrected',
            number: doc.corrects.number,
            date: formatShortDate(doc.corrects.date, lang),
          }
        : null,
    net: formatMoney(doc.netKopecks, lang),
    vat: formatMoney(doc.vatKopecks, lang),
    total: formatMoney(doc.totalKopecks, lang),
    totalInWords: doc.totalInWords,
    paymentPurpose: doc.paymentPurpose,
    linesCount: String(doc.lines.length),
    terms: terms
      ? {
          tier: terms.tier,
          services: terms.services,
          slaTargets: terms.slaTargets.map((t) => ({
            priority: t.priority,
            reaction: formatTargetMinutes(t.reactionMinutes, lang),
            resolution: formatTargetMinutes(t.resolutionMinutes, lang),
          })),
          packageHours:
            terms.packageHours === null ? null : String(terms.packageHours).replace('.', lang === 'ru' ? ',' : '.'),
          calendarName: terms.calendarName,
        }
      : null,
  };
}

/** Renders a template over a document; the caller has validated the template (on save, and again here). */
export function renderTemplate(template: string, doc: IssuedDocument): string {
  return Mustache.render(template, templateView(doc), undefined, { escape: (value: unknown) => String(value) });
}
