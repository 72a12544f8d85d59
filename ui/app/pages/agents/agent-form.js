import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { loadMessages, t } from '../../i18n.js';
import { FieldError } from '../../components/intervals.js';
import { useSubmit } from '../../components/use-submit.js';

// The pieces both agent forms (a new agent, an agent's card) are made of, and the words of the agents pages.
await loadMessages('people');

export const ROLES = ['admin', 'manager', 'engineer', 'accountant'];
export const LANGUAGES = ['ru', 'en'];
/** The server's limit of a free-text SMS (SMS_TEXT_MAX in server/modules/sms/sms.service.ts: three concatenated parts). */
export const SMS_TEXT_MAX = 459;
export const PASSWORD_MIN = 10;

export const roleLabel = (role) => t(`ppl.role.${role}`);
export const languageLabel = (lang) => (t(`ppl.lang.${lang}`) === `ppl.lang.${lang}` ? lang : t(`ppl.lang.${lang}`));

/** A problem's message for a person: the server's `detail`, else its title, else the HTTP status. */
export const problemText = (err) => err?.problem?.detail || err?.problem?.title || err?.message || String(err);

/** problem+json field errors → { field: message }, the common ones said in the viewer's language. */
export function fieldErrors(problem) {
  const out = {};
  for (const e of problem?.errors ?? []) {
    const field = e.path.replace(/^body\.?/, '').split('.')[0];
    if (!field || out[field]) continue;
    if (/format "email"/.test(e.message)) out[field] = t('ppl.err.email');
    else if (field === 'password' && /fewer than|at least/.test(e.message)) out[field] = t('ppl.err.password');
    else if (/is required|fewer than 1/.test(e.message)) out[field] = t('ppl.err.required');
    else out[field] = e.message;
  }
  return out;
}

export const looksLikeEmail = (s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);

/** One labelled input of a form-grid, with its error under it. */
export function Field({ name, label, prefix, value, onInput, error, hint, type = 'text', ...extra }) {
  const id = `${prefix}-${name}`;
  const described = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ') || undefined;
  return html`<label
    >${label}
    <input
      id=${id}
      name=${name}
      type=${type}
      value=${value}
      onInput=${(e) => onInput(e.target.value)}
      aria-invalid=${error ? 'true' : undefined}
      aria-describedby=${described}
      ...${extra} />
    ${hint && html`<span class="hint block" id=${`${id}-hint`}>${hint}</span>`}
    <${FieldError} id=${`${id}-error`} error=${error}
  /></label>`;
}

export const Select = ({ name, label, value, options, onChange, disabled }) =>
  html`<label
    >${label}
    <select name=${name} value=${value} disabled=${disabled} onChange=${(e) => onChange(e.target.value)}>
      ${options.map(([v, text]) => html`<option value=${v} selected=${v === value}>${text}</option>`)}
    </select></label
  >`;

/**
 * @typedef {{ setErrors: (errors: Record<string, string>) => void, setForm: (form: Record<string, any>) => void,
 *   setNotice: (notice: string) => void }} FormHelpers
 */

/**
 * The state both agent forms share: the values, field errors from the form or the server, the notice, and
 * `submit` (components/use-submit.js) that sends with the busy flag and turns a refusal into field errors.
 * @param {() => Record<string, any>} initial
 * @param {string} prefix
 * @param {(form: Record<string, any>, helpers: FormHelpers) => Promise<unknown>} send What the form sends; it may
 *   set field errors of its own instead (and send nothing), or reset the form and say what happened.
 */
export function useAgentForm(initial, prefix, send) {
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState(/** @type {Record<string, string>} */ ({}));
  const [notice, setNotice] = useState('');
  const submit = useSubmit(() => send(form, { setErrors, setForm, setNotice }), {
    onError: (err) => setErrors(fieldErrors(err.problem)),
  });
  /** @param {Record<string, any>} patch */
  const set = (patch) => {
    setForm((f) => ({ ...f, ...patch }));
    setNotice('');
  };
  /** @param {string} name @param {string} label @param {Record<string, unknown>} [extra] */
  const field = (name, label, extra = {}) =>
    html`<${Field}
      name=${name}
      label=${label}
      prefix=${prefix}
      value=${form[name]}
      onInput=${(/** @type {string} */ v) => set({ [name]: v })}
      error=${errors[name]}
      ...${extra}
    />`;
  // A refusal with field errors shows them beside the fields; any other shows above the button.
  const error = Object.keys(errors).length || !submit.error ? null : { message: problemText(submit.error) };
  return { form, setForm, set, errors, setErrors, error, notice, setNotice, submit, field };
}

/**
 * The role and language selects, alike on the new-agent form and the agent card.
 * @param {{ form: { role: string, language: string }, set: (patch: Record<string, string>) => void }} props
 */
export function RoleAndLanguage({ form, set }) {
  return html`<${Select}
      name="role"
      label=${t('ppl.role')}
      value=${form.role}
      options=${ROLES.map((r) => [r, roleLabel(r)])}
      onChange=${(v) => set({ role: v })}
    />
    <${Select}
      name="language"
      label=${t('ppl.language')}
      value=${form.language}
      options=${LANGUAGES.map((l) => [l, languageLabel(l)])}
      onChange=${(v) => set({ language: v })}
    />`;
}
