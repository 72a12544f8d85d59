import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { navigate } from '../../router.js';
import { ErrorBox } from '../../components/error.js';
import { FieldError } from '../../components/intervals.js';
import { useSubmit } from '../../components/use-submit.js';
import { loadStyles } from '../../components/lazy.js';
import { SlaMatrix, rowErrors, rowsFromTargets, targetsFromRows } from '../../components/sla-matrix.js';
import { may } from '../../session.js';
import { problemFields } from '../../agreement-format.js';
import {
  ServicesPicker,
  TermsFields,
  addYearMinusDay,
  flash,
  notSaved,
  termsBody,
  termsOf,
  todayPlain,
  useContacts,
  useReferenceData,
} from '../agreement-form.js';

export const ready = loadStyles('/app/styles/agreements.css');

/** A new agreement: terms, the SLA matrix from the tier's preset, services; saved as planned or as a draft. */
export function NewAgreementPage({ search, me, organizations, agents }) {
  const ref = useReferenceData();
  const preset = new URLSearchParams(search).get('organizationId') || '';
  const [form, setForm] = useState(() => {
    const start = todayPlain();
    return termsOf({ organizationId: preset, start, end: addYearMinusDay(start), managerId: me?.id, tier: '8x5' });
  });
  const [rows, setRows] = useState(null);
  const [matrixTouched, setMatrixTouched] = useState(false);
  const [serviceIds, setServiceIds] = useState([]);
  const [errors, setErrors] = useState(/** @type {Record<string, string>} */ ({}));
  const [matrixErrors, setMatrixErrors] = useState(/** @type {Record<string, string>} */ ({}));
  const contacts = useContacts(form.organizationId);
  const presets = ref.data?.presets ?? [];

  // The matrix starts from the tier's preset and follows the tier until it is edited by hand.
  useEffect(() => {
    if (!ref.data || matrixTouched) return;
    const p = presets.find((x) => x.tier === form.tier);
    setRows(rowsFromTargets(p?.targets ?? []));
  }, [ref.data, form.tier]);
  useEffect(() => {
    if (ref.data && !form.calendarId && ref.data.calendars.length === 1)
      setForm((f) => ({ ...f, calendarId: String(ref.data.calendars[0].id) }));
  }, [ref.data]);

  const submit = useSubmit(async (/** @type {string} */ status) => {
    const { body, errors: local } = termsBody(form);
    const matrix = targetsFromRows(rows);
    if (!form.organizationId) local.organizationId = t('agr.err.required');
    if (matrix.targets.length === 0 && form.tier === 'custom') local._matrix = t('agr.err.customTargets');
    setErrors(local);
    setMatrixErrors(matrix.errors);
    if (Object.keys(local).length || Object.keys(matrix.errors).length) throw new Error(t('agr.err.fixFields'));
    try {
      const created = await api.post('/agreements', {
        ...body,
        organizationId: Number(form.organizationId),
        serviceIds,
        targets: matrix.targets,
        status,
      });
      flash.message = t(
        created.status === 'active' ? 'agr.createdActive' : status === 'draft' ? 'agr.createdDraft' : 'agr.created',
      );
      navigate(`/agreements/${created.id}`, { replace: true });
    } catch (err) {
      const fields = problemFields(err.problem);
      setErrors(fields);
      setMatrixErrors(rowErrors(fields, matrix.keys));
      throw notSaved(fields) ? new Error(notSaved(fields)) : err;
    }
  });
  if (!may(me, 'agreement.write')) return html`<p class="empty">${t('agr.readOnly')}</p>`;
  if (ref.error) return html`<${ErrorBox} error=${ref.error} />`;
  if (!ref.data || !rows) return html`<p class="muted">${t('common.loading')}</p>`;
  const set = (patch) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors({});
    submit.setError(null);
  };
  const calendar = ref.data.calendars.find((c) => String(c.id) === form.calendarId);
  return html`<section class="agreement-page form-page-wide">
    <a class="back" href="/agreements">← ${t('agr.title')}</a>
    <div class="page-head"><h1>${t('agr.new')}</h1></div>
    <form
      id="agreement-form"
      class="agreement-columns"
      onSubmit=${(e) => {
        e.preventDefault();
        submit.run('planned');
      }}
      novalidate
    >
      <div class="agreement-main">
        <section class="card" aria-labelledby="terms-title">
          <h2 id="terms-title">${t('agr.terms')}</h2>
          <${TermsFields}
            form=${form}
            set=${set}
            errors=${errors}
            isNew
            canEdit
            organizations=${organizations}
            calendars=${ref.data.calendars}
            agents=${agents}
            contacts=${contacts}
          />
        </section>
        <section class="card" aria-labelledby="matrix-title">
          <h2 id="matrix-title">${t('agr.sla')}</h2>
          <${SlaMatrix}
            rows=${rows}
            onChange=${(r) => {
              setRows(r);
              setMatrixTouched(true);
              setMatrixErrors({});
            }}
            errors=${matrixErrors}
            presets=${presets}
            calendarName=${calendar?.name}
          />
          <${FieldError} id="matrix-error" error=${errors._matrix || errors.targets} />
        </section>
      </div>
      <aside class="agreement-side">
        <section class="card" aria-labelledby="services-title">
          <h2 id="services-title">${t('agr.services')}</h2>
          <${ServicesPicker} catalogue=${ref.data.services} selected=${serviceIds} onChange=${setServiceIds} />
        </section>
        <section class="card create-box">
          <${ErrorBox} error=${submit.error} />
          <p class="hint">${t('agr.createHint')}</p>
          <div class="actions gap">
            <button type="button" onClick=${() => submit.run('draft')} disabled=${submit.busy}>
              ${t('agr.saveDraft')}
            </button>
            <button type="submit" class="primary" disabled=${submit.busy}>${t('agr.create')}</button>
          </div>
        </section>
      </aside>
    </form>
  </section>`;
}
