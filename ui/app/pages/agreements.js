import { useEffect, useMemo, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { ErrorBox } from '../components/error.js';
import { useData } from '../components/use-data.js';
import { FieldError } from '../components/intervals.js';
import { SlaMatrix, rowErrors, rowsFromTargets, targetsFromRows } from '../components/sla-matrix.js';
import { may } from '../session.js';
import {
  AgreementStatus,
  agreementWarning,
  expiryText,
  formatPeriod,
  formatPlainDate,
  problemFields,
  tierLabel,
} from '../agreement-format.js';
import {
  ENDED,
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
} from './agreement-form.js';
import { CopyDialog, History, ReasonDialog, RenewDialog } from './agreement-dialogs.js';
import { loadStyles } from '../components/lazy.js';

export const ready = loadStyles('/app/styles/agreements.css');
export { AgreementsPage } from './agreements-list.js';

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
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
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

  if (!may(me, 'agreement.write')) return html`<p class="empty">${t('agr.readOnly')}</p>`;
  if (ref.error) return html`<${ErrorBox} error=${ref.error} />`;
  if (!ref.data || !rows) return html`<p class="muted">${t('common.loading')}</p>`;
  const set = (patch) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors({});
    setError(null);
  };
  const submit = async (status) => {
    const { body, errors: local } = termsBody(form);
    const matrix = targetsFromRows(rows);
    if (!form.organizationId) local.organizationId = t('agr.err.required');
    if (matrix.targets.length === 0 && form.tier === 'custom') local._matrix = t('agr.err.customTargets');
    setErrors(local);
    setMatrixErrors(matrix.errors);
    if (Object.keys(local).length || Object.keys(matrix.errors).length) {
      setError(new Error(t('agr.err.fixFields')));
      return;
    }
    setBusy(true);
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
      setError(notSaved(fields) ? new Error(notSaved(fields)) : err);
      setBusy(false);
    }
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
        submit('planned');
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
          <${ErrorBox} error=${error} />
          <p class="hint">${t('agr.createHint')}</p>
          <div class="actions gap">
            <button type="button" onClick=${() => submit('draft')} disabled=${busy}>${t('agr.saveDraft')}</button>
            <button type="submit" class="primary" disabled=${busy}>${t('agr.create')}</button>
          </div>
        </section>
      </aside>
    </form>
  </section>`;
}

// ————— one agreement —————

/** Changes of a terms form against the agreement: only what differs is sent. */
function changedTerms(form, agreement) {
  const { body, errors } = termsBody(form);
  const { body: before } = termsBody(termsOf(agreement));
  const patch = {};
  for (const [k, v] of Object.entries(body)) if (JSON.stringify(v) !== JSON.stringify(before[k])) patch[k] = v;
  return { patch, errors };
}

function Terms({ agreement, canEdit, calendars, agents, onSaved }) {
  const [form, setForm] = useState(() => termsOf(agreement));
  const [errors, setErrors] = useState(/** @type {Record<string, string>} */ ({}));
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const contacts = useContacts(agreement.organizationId);
  const { patch } = changedTerms(form, agreement);
  const dirty = Object.keys(patch).length > 0;
  const set = (p) => {
    setForm((f) => ({ ...f, ...p }));
    setErrors({});
    setError(null);
    setNotice('');
  };
  const save = async (e) => {
    e.preventDefault();
    const { patch: changes, errors: local } = changedTerms(form, agreement);
    setErrors(local);
    if (Object.keys(local).length) {
      setError(new Error(t('agr.err.fixFields')));
      return;
    }
    if (!Object.keys(changes).length) return;
    setBusy(true);
    try {
      const saved = await api.patch(`/agreements/${agreement.id}`, changes);
      setForm(termsOf(saved));
      setNotice(t('agr.saved'));
      onSaved(saved);
    } catch (err) {
      const fields = problemFields(err.problem);
      setErrors(fields);
      setError(notSaved(fields) ? new Error(notSaved(fields)) : err);
    } finally {
      setBusy(false);
    }
  };
  const ended = ENDED.has(agreement.status);
  return html`<section class="card" aria-labelledby="terms-title">
    <form onSubmit=${save} novalidate>
      <div class="card-head">
        <h2 id="terms-title">${t('agr.terms')}</h2>
        <div class="head-actions">
          ${notice && html`<span class="saved-note" role="status">${notice}</span>`}
          ${dirty && canEdit && html`<span class="badge unsaved">${t('agr.unsaved')}</span>`}
          ${canEdit && html`<button type="submit" class="primary" disabled=${busy || !dirty}>${t('common.save')}</button>`}
        </div>
      </div>
      ${ended && canEdit && html`<p class="hint">${t('agr.endedTerms')}</p>`}
      <${ErrorBox} error=${error} />
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

function Targets({ agreement, canEdit, presets, onSaved }) {
  const initial = useMemo(() => rowsFromTargets(agreement.targets), [agreement.updatedAt]);
  const [rows, setRows] = useState(initial);
  const [errors, setErrors] = useState(/** @type {Record<string, string>} */ ({}));
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const editable = canEdit && !ENDED.has(agreement.status);
  const current = targetsFromRows(rows);
  const dirty =
    JSON.stringify(current.targets) !== JSON.stringify(targetsFromRows(initial).targets) ||
    Object.keys(current.errors).length > 0;
  const save = async (e) => {
    e.preventDefault();
    const { targets, keys, errors: local } = targetsFromRows(rows);
    if (!targets.length && !Object.keys(local).length) local[`${rows[0].key}.reaction`] = t('matrix.err.empty');
    setErrors(local);
    if (Object.keys(local).length) {
      setError(new Error(t('agr.err.fixFields')));
      return;
    }
    setBusy(true);
    try {
      const saved = await api.put(`/agreements/${agreement.id}/targets`, { targets });
      setRows(rowsFromTargets(saved.targets));
      setError(null);
      setNotice(t('agr.targetsSaved'));
      onSaved(saved);
    } catch (err) {
      const fields = problemFields(err.problem);
      setErrors(rowErrors(fields, keys));
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="card" aria-labelledby="matrix-title">
    <form onSubmit=${save} novalidate>
      <div class="card-head">
        <h2 id="matrix-title">${t('agr.sla')}</h2>
        <div class="head-actions">
          ${notice && html`<span class="saved-note" role="status">${notice}</span>`}
          ${dirty && editable && html`<span class="badge unsaved">${t('agr.unsaved')}</span>`}
          ${
            editable &&
            html`<button
                type="button"
                disabled=${!dirty}
                onClick=${() => {
                  setRows(initial);
                  setErrors({});
                  setError(null);
                }}
              >
                ${t('agr.revert')}
              </button>
              <button type="submit" class="primary" disabled=${busy || !dirty}>${t('agr.saveTargets')}</button>`
          }
        </div>
      </div>
      <${ErrorBox} error=${error} />
      <${SlaMatrix}
        rows=${rows}
        onChange=${(r) => {
          setRows(r);
          setErrors({});
          setNotice('');
        }}
        errors=${errors}
        disabled=${!editable}
        presets=${presets}
        calendarName=${agreement.calendarName}
      />
      ${editable && html`<p class="hint">${t('agr.targetsRecompute')}</p>`}
    </form>
  </section>`;
}

function Services({ agreement, canEdit, catalogue, onSaved }) {
  const initial = agreement.services.map((s) => s.id);
  const [selected, setSelected] = useState(initial);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const editable = canEdit && !ENDED.has(agreement.status);
  const dirty = JSON.stringify([...selected].sort()) !== JSON.stringify([...initial].sort());
  // Covered services that are retired are missing from the active catalogue: the agreement's own list has them.
  const all = [...catalogue, ...agreement.services.filter((s) => !catalogue.some((c) => c.id === s.id))];
  const save = async () => {
    setBusy(true);
    try {
      const saved = await api.put(`/agreements/${agreement.id}/services`, { serviceIds: selected });
      setSelected(saved.services.map((s) => s.id));
      setError(null);
      setNotice(t('agr.servicesSaved'));
      onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="card" aria-labelledby="services-title">
    <div class="card-head">
      <h2 id="services-title">${t('agr.services')}</h2>
      <div class="head-actions">
        ${notice && html`<span class="saved-note" role="status">${notice}</span>`}
        ${editable && html`<button type="button" class="primary" disabled=${busy || !dirty} onClick=${save}>${t('common.save')}</button>`}
      </div>
    </div>
    <${ErrorBox} error=${error} />
    ${
      editable
        ? html`<${ServicesPicker}
            catalogue=${all}
            selected=${selected}
            onChange=${(s) => {
              setSelected(s);
              setNotice('');
            }}
          />`
        : agreement.services.length
          ? html`<ul class="plain-list services-list">
              ${agreement.services.map((s) => html`<li>${s.name}${s.category && html` <span class="muted">· ${s.category}</span>`}</li>`)}
            </ul>`
          : html`<p class="muted">${t('agr.noServices')}</p>`
    }
  </section>`;
}

export function AgreementPage({ id, me, organizations, agents }) {
  const [version, setVersion] = useState(0);
  const { data, error } = useData(() => api.get(`/agreements/${id}`), [id, version]);
  const ref = useReferenceData();
  // The agreement shown: as loaded, then as each save or transition returns it (no second request).
  const [agreement, setAgreement] = useState(null);
  const [dialog, setDialog] = useState(null);
  const [notice, setNotice] = useState('');
  const [copies, setCopies] = useState(null);
  const [source, setSource] = useState(null);
  useEffect(() => {
    if (data && String(data.id) === String(id)) setAgreement(data);
  }, [data]);
  useEffect(() => {
    setCopies(null);
    setNotice(flash.message);
    flash.message = '';
  }, [id]);
  const a = agreement && String(agreement.id) === String(id) ? agreement : null;
  useEffect(() => {
    setSource(null);
    if (a?.renewedFromId)
      api.get(`/agreements/${a.renewedFromId}`).then(
        (s) => setSource(s),
        () => {},
      );
  }, [a?.renewedFromId]);
  if (error)
    return html`<section>
      <a class="back" href="/agreements">← ${t('agr.title')}</a><${ErrorBox} error=${error} />
    </section>`;
  if (!a || !ref.data) return html`<p class="muted">${t('common.loading')}</p>`;
  const canEdit = may(me, 'agreement.write');
  const reload = () => setVersion((v) => v + 1);
  const onSaved = (saved) => {
    setAgreement(saved);
    setNotice('');
  };
  const transition = (action) => async (reason) => {
    const saved = await api.post(`/agreements/${a.id}/${action}`, reason ? { reason } : {});
    setDialog(null);
    setAgreement(saved);
    setNotice(t(`agr.done.${action}`));
  };
  const liveRenewal = a.renewals.find((r) => r.status !== 'terminated');
  const exp = expiryText(a);
  const status = a.status;
  return html`<section class="agreement-page" key=${a.id}>
    <a class="back" href="/agreements">← ${t('agr.title')}</a>
    <div class="page-head agreement-head">
      <div>
        <h1><span class="muted">№</span> ${a.number} <span class="agr-head-title">${a.title}</span></h1>
        <div class="agreement-meta">
          <${AgreementStatus} status=${status} />
          <a href=${`/organizations/${a.organizationId}`}>${a.organizationName}</a>
          <span>${formatPeriod(a)}</span>
          <span class=${`expiry ${exp.tone}`}>${exp.text}</span>
          <span class="muted">${tierLabel(a.tier)} · ${t(`agr.kind.${a.kind}`)}</span>
        </div>
      </div>
      ${
        canEdit &&
        html`<div class="head-actions">
          ${status === 'draft' && html`<button type="button" onClick=${() => setDialog('plan')}>${t('agr.plan')}</button>`}
          ${(status === 'draft' || status === 'planned') && html`<button type="button" onClick=${() => setDialog('activate')}>${t('agr.activate')}</button>`}
          ${
            status !== 'draft' &&
            (liveRenewal
              ? html`<a class="button" href=${`/agreements/${liveRenewal.id}`}
                  >${t('agr.renewedBy', { number: liveRenewal.number })}</a
                >`
              : html`<button type="button" class="primary" onClick=${() => setDialog('renew')}>
                  ${t('agr.renew')}
                </button>`)
          }
          <button type="button" onClick=${() => setDialog('copy')}>${t('agr.copy')}</button>
          ${!ENDED.has(status) && html`<button type="button" class="danger" onClick=${() => setDialog('terminate')}>${t('agr.terminate')}</button>`}
        </div>`
      }
    </div>
    ${notice && html`<div class="success" role="status">${notice}</div>`}
    ${
      copies &&
      html`<div class="success" role="status">
        ${t('agr.copied', { n: copies.length })}
        ${copies.map((c, i) => html`${i ? ', ' : ' '}<a href=${`/agreements/${c.id}`}>${c.number}</a> (${c.organizationName})`)}
      </div>`
    }
    ${a.warnings.length > 0 && html`<div class="warning" role="note">${a.warnings.map((w) => html`<div>${agreementWarning(w)}</div>`)}</div>`}
    ${
      (a.renewedFromId || a.renewals.length > 0) &&
      html`<p class="agr-links">
        ${a.renewedFromId && html`<span>${t('agr.renewalOf')} <a href=${`/agreements/${a.renewedFromId}`}>${source ? `№ ${source.number}` : `#${a.renewedFromId}`}</a></span>`}
        ${a.renewals.map((r) => html`<span>${t('agr.renewedByLink')} <a href=${`/agreements/${r.id}`}>№ ${r.number}</a> <${AgreementStatus} status=${r.status} /></span>`)}
      </p>`
    }
    <div class="agreement-columns">
      <div class="agreement-main">
        <${Targets}
          key=${`t${a.id}`}
          agreement=${a}
          canEdit=${canEdit}
          presets=${ref.data.presets}
          onSaved=${onSaved}
        />
        <${Terms}
          key=${`f${a.id}`}
          agreement=${a}
          canEdit=${canEdit}
          calendars=${ref.data.calendars}
          agents=${agents}
          onSaved=${onSaved}
        />
      </div>
      <aside class="agreement-side">
        <${Services}
          key=${`s${a.id}`}
          agreement=${a}
          canEdit=${canEdit}
          catalogue=${ref.data.services}
          onSaved=${onSaved}
        />
        <section class="card" aria-labelledby="history-title">
          <h2 id="history-title">${t('agr.history')}</h2>
          <${History} items=${a.history} />
        </section>
        <p class="muted small">
          <a href=${`/tickets?organizationId=${a.organizationId}`}>${t('agr.ticketsOfClient')}</a>
        </p>
      </aside>
    </div>
    ${
      dialog === 'terminate' &&
      html`<${ReasonDialog}
        title=${t('agr.terminateTitle', { number: a.number })}
        intro=${t('agr.terminateIntro')}
        label=${t('agr.reasonRequired')}
        required
        danger
        confirmLabel=${t('agr.terminate')}
        onConfirm=${transition('terminate')}
        onClose=${() => setDialog(null)}
      />`
    }
    ${
      dialog === 'activate' &&
      html`<${ReasonDialog}
        title=${t('agr.activateTitle', { number: a.number })}
        intro=${t('agr.activateIntro', { start: formatPlainDate(a.start) })}
        label=${t('agr.reasonOptional')}
        confirmLabel=${t('agr.activate')}
        onConfirm=${transition('activate')}
        onClose=${() => setDialog(null)}
      />`
    }
    ${
      dialog === 'plan' &&
      html`<${ReasonDialog}
        title=${t('agr.planTitle', { number: a.number })}
        intro=${t('agr.planIntro')}
        label=${t('agr.reasonOptional')}
        confirmLabel=${t('agr.plan')}
        onConfirm=${transition('plan')}
        onClose=${() => setDialog(null)}
      />`
    }
    ${dialog === 'renew' && html`<${RenewDialog} agreement=${a} onClose=${() => setDialog(null)} />`}
    ${
      dialog === 'copy' &&
      html`<${CopyDialog}
        agreement=${a}
        organizations=${organizations}
        onClose=${() => setDialog(null)}
        onCopied=${(items) => {
          setDialog(null);
          setCopies(items);
          reload();
        }}
      />`
    }
  </section>`;
}
