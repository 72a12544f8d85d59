import type { WebFormFieldType } from '../../db/schema.js';
import { badRequest } from '../../shared/errors.js';
import { normalizeOrigin } from './spam-defence.js';

/** A form's fields as data: the built-in ones route and title the ticket, custom ones go into its text. */

export interface FormField {
  name: string;
  type: WebFormFieldType;
  label: { ru: string; en: string };
  required: boolean;
  /** The choices of a select. */
  options?: string[];
}

/** Built-in names the filing reads; every other name is a custom field written into the ticket's text. */
export const BUILT_IN = ['name', 'email', 'phone', 'subject', 'message'] as const;

export const defaultFields = (): FormField[] => [
  { name: 'name', type: 'text', label: { ru: 'Ваше имя', en: 'Your name' }, required: true },
  { name: 'email', type: 'email', label: { ru: 'Электронная почта', en: 'E-mail' }, required: true },
  { name: 'phone', type: 'phone', label: { ru: 'Телефон', en: 'Phone' }, required: false },
  { name: 'subject', type: 'text', label: { ru: 'Тема', en: 'Subject' }, required: false },
  { name: 'message', type: 'textarea', label: { ru: 'Сообщение', en: 'Message' }, required: true },
];

const NAME = /^[a-z][a-z0-9_]{0,39}$/;
/** Names the submission itself uses (fill token, proof-of-work, honeypot, files). */
const RESERVED = new Set(['token', 'altcha', 'website', 'files']);
const builtInTypes: Record<string, WebFormFieldType> = {
  name: 'text',
  email: 'email',
  phone: 'phone',
  subject: 'text',
  message: 'textarea',
};

/** Checks an admin's field list: names unique and plain, e-mail and message present and required. */
export function checkFields(fields: FormField[]): FormField[] {
  const seen = new Set<string>();
  const problem = (i: number, message: string) =>
    badRequest(`Field ${i + 1}: ${message}`, { errors: [{ path: `body.fields.${i}`, message }] });
  const out = fields.map((f, i) => {
    if (!NAME.test(f.name)) throw problem(i, 'the name is lower-case latin letters, digits and _ (e.g. site_url)');
    if (seen.has(f.name)) throw problem(i, `the name ${f.name} is used twice`);
    if (RESERVED.has(f.name)) throw problem(i, `the name ${f.name} is reserved by the form itself`);
    seen.add(f.name);
    const builtIn = builtInTypes[f.name];
    if (builtIn && builtIn !== f.type && !(f.name === 'subject' && f.type === 'select'))
      throw problem(i, `the built-in field ${f.name} has the type ${builtIn}`);
    if (f.type === 'select' && (!f.options || f.options.length === 0)) throw problem(i, 'a select needs its options');
    const label = { ru: f.label.ru.trim(), en: f.label.en.trim() };
    if (!label.ru || !label.en) throw problem(i, 'the label is needed in Russian and in English');
    return {
      name: f.name,
      type: f.type,
      label,
      required: f.name === 'email' || f.name === 'message' ? true : f.required,
      ...(f.type === 'select' && { options: f.options!.map((o) => o.trim()).filter((o) => o) }),
    };
  });
  for (const needed of ['email', 'message'])
    if (!seen.has(needed))
      throw badRequest(`A form needs the field ${needed}: the desk answers by e-mail and files the message`, {
        errors: [{ path: 'body.fields', message: `has no ${needed} field` }],
      });
  return out;
}

/** Origins as browsers send them; a page outside the list may not submit. */
export function checkOrigins(origins: string[]): string[] {
  const out = origins.map((o, i) => {
    const origin = normalizeOrigin(o);
    if (!origin)
      throw badRequest(`Origin ${i + 1} (${o}) is not a site address like https://client.example`, {
        errors: [{ path: `body.origins.${i}`, message: 'is not an http(s) origin without a path' }],
      });
    return origin;
  });
  if (out.length === 0)
    throw badRequest('List at least one site the form is embedded in, e.g. https://client.example', {
      errors: [{ path: 'body.origins', message: 'is empty' }],
    });
  return [...new Set(out)];
}

const EMAIL = /^[^\s@<>()",;:]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$/;
const PHONE = /^[+\d][\d\s()\-.]{4,30}$/;

export interface FilledForm {
  name: string | null;
  email: string;
  subject: string;
  /** The message with the other fields written under it, label: value. */
  text: string;
}

export type Values = Record<string, string | undefined>;

/** The submitted values against the fields: required ones filled, e-mail and phone plausible, choices known. */
export function readValues(fields: FormField[], values: Values, language: 'ru' | 'en', formName: string): FilledForm {
  const errors: { path: string; message: string }[] = [];
  const clean: Record<string, string> = {};
  for (const f of fields) {
    const raw = values[f.name];
    const value = typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n').trim() : '';
    const max = f.type === 'textarea' ? 50_000 : 500;
    if (!value) {
      if (f.required) errors.push({ path: `body.${f.name}`, message: `${f.label[language]}: required` });
      continue;
    }
    if (value.length > max)
      errors.push({ path: `body.${f.name}`, message: `${f.label[language]}: at most ${max} characters` });
    else if (f.type === 'email' && !EMAIL.test(value))
      errors.push({ path: `body.${f.name}`, message: `${f.label[language]}: not an e-mail address` });
    else if (f.type === 'phone' && !PHONE.test(value))
      errors.push({ path: `body.${f.name}`, message: `${f.label[language]}: not a phone number` });
    else if (f.type === 'select' && !f.options?.includes(value))
      errors.push({ path: `body.${f.name}`, message: `${f.label[language]}: not one of the choices` });
    else clean[f.name] = f.type === 'textarea' ? value : value.replace(/\s+/g, ' ');
  }
  if (errors.length > 0) throw badRequest(errors.map((e) => e.message).join('; '), { errors });
  const message = clean.message ?? '';
  const subject =
    clean.subject ??
    (message.split('\n')[0]!.slice(0, 120) || (language === 'ru' ? `Веб-форма: ${formName}` : `Web form: ${formName}`));
  const extra = fields
    .filter((f) => f.name !== 'message' && f.name !== 'subject' && clean[f.name] !== undefined)
    .map((f) => `${f.label[language]}: ${clean[f.name]}`);
  return {
    name: clean.name ?? null,
    email: clean.email!.toLowerCase(),
    subject,
    text: extra.length > 0 ? `${message}\n\n${extra.join('\n')}` : message,
  };
}
