import { useMemo, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { useSubmit } from '../../components/use-submit.js';
import { SlaMatrix, rowErrors, rowsFromTargets, targetsFromRows } from '../../components/sla-matrix.js';
import { problemFields } from '../../agreement-format.js';
import { ENDED } from '../agreement-form.js';

/** The SLA targets of an agreement, by priority and type; saving recomputes its open tickets' deadlines. */
export function Targets({ agreement, canEdit, presets, onSaved }) {
  const initial = useMemo(() => rowsFromTargets(agreement.targets), [agreement.updatedAt]);
  const [rows, setRows] = useState(initial);
  const [errors, setErrors] = useState(/** @type {Record<string, string>} */ ({}));
  const [notice, setNotice] = useState('');
  const editable = canEdit && !ENDED.has(agreement.status);
  const current = targetsFromRows(rows);
  const dirty =
    JSON.stringify(current.targets) !== JSON.stringify(targetsFromRows(initial).targets) ||
    Object.keys(current.errors).length > 0;
  const save = useSubmit(async () => {
    const { targets, keys, errors: local } = targetsFromRows(rows);
    if (!targets.length && !Object.keys(local).length) local[`${rows[0].key}.reaction`] = t('matrix.err.empty');
    setErrors(local);
    if (Object.keys(local).length) throw new Error(t('agr.err.fixFields'));
    try {
      const saved = await api.put(`/agreements/${agreement.id}/targets`, { targets });
      setRows(rowsFromTargets(saved.targets));
      setNotice(t('agr.targetsSaved'));
      onSaved(saved);
    } catch (err) {
      setErrors(rowErrors(problemFields(err.problem), keys));
      throw err;
    }
  });
  return html`<section class="card" aria-labelledby="matrix-title">
    <form onSubmit=${save.onSubmit} novalidate>
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
                  save.setError(null);
                }}
              >
                ${t('agr.revert')}
              </button>
              <button type="submit" class="primary" disabled=${save.busy || !dirty}>${t('agr.saveTargets')}</button>`
          }
        </div>
      </div>
      <${ErrorBox} error=${save.error} />
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
