import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { useSubmit } from '../../components/use-submit.js';
import { problemFields } from '../../agreement-format.js';
import { ENDED, TermsFields, notSaved, termsBody, termsOf, useContacts } from '../agreement-form.js';

/** Changes of a terms form against the agreement: only what differs is sent. */
function changedTerms(form, agreement) {
  const { body, errors } = termsBody(form);
  const { body: before } = termsBody(termsOf(agreement));
  const patch = {};
  for (const [k, v] of Object.entries(body)) if (JSON.stringify(v) !== JSON.stringify(before[k])) patch[k] = v;
  return { patch, errors };
}

/** The terms of an agreement: period, tier, calendar, people; only what changed is sent. */
export function Terms({ agreement, canEdit, calendars, agents, onSaved }) {
  const [form, setForm] = useState(() => termsOf(agreement));
  const [errors, setErrors] = useState(/** @type {Record<string, string>} */ ({}));
  const [notice, setNotice] = useState('');
  const contacts = useContacts(agreement.organizationId);
  const { patch } = changedTerms(form, agreement);
  const dirty = Object.keys(patch).length > 0;
  const set = (p) => {
    setForm((f) => ({ ...f, ...p }));
    setErrors({});
    save.setError(null);
    setNotice('');
  };
  const save = useSubmit(async () => {
    const { patch: changes, errors: local } = changedTerms(form, agreement);
    setErrors(local);
    if (Object.keys(local).length) throw new Error(t('agr.err.fixFields'));
    if (!Object.keys(changes).length) return;
    try {
      const saved = await api.patch(`/agreements/${agreement.id}`, changes);
      setForm(termsOf(saved));
      setNotice(t('agr.saved'));
      onSaved(saved);
    } catch (err) {
      const fields = problemFields(err.problem);
      setErrors(fields);
      throw notSaved(fields) ? new Error(notSaved(fields)) : err;
    }
  });
  const ended = ENDED.has(agreement.status);
  return html`<section class="card" aria-labelledby="terms-title">
    <form onSubmit=${save.onSubmit} novalidate>
      <div class="card-head">
        <h2 id="terms-title">${t('agr.terms')}</h2>
        <div class="head-actions">
          ${notice && html`<span class="saved-note" role="status">${notice}</span>`}
          ${dirty && canEdit && html`<span class="badge unsaved">${t('agr.unsaved')}</span>`}
          ${canEdit && html`<button type="submit" class="primary" disabled=${save.busy || !dirty}>${t('common.save')}</button>`}
        </div>
      </div>
      ${ended && canEdit && html`<p class="hint">${t('agr.endedTerms')}</p>`}
      <${ErrorBox} error=${save.error} />
      <${TermsFields}
        form=${form}
        set=${set}
        errors=${errors}
        canEdit=${canEdit}
        ended=${ended}
        organizations=${[]}
        calendars=${calendars}
        agents=${agents}
        contacts=${contacts}
      />
    </form>
  </section>`;
}
