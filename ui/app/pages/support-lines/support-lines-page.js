import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { loadMessages, t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { ListHead } from '../../components/list-head.js';
import { useData } from '../../components/use-data.js';
import { loadStyles } from '../../components/lazy.js';
import { useSubmit } from '../../components/use-submit.js';
import { may } from '../../session.js';

await Promise.all([loadMessages('support-lines'), loadStyles('/app/styles/support-lines.css')]);

const KINDS = ['support', 'development'];
const blankLine = () => ({ name: '', teamId: '', kind: 'support' });

/** Support lines (L1 → L2 → development): admins edit the list as a whole; everyone reads it. */
export function SupportLinesPage({ me }) {
  const { data, error, reload } = useData(
    () =>
      Promise.all([api.get('/support-lines'), api.get('/teams')]).then(([l, teams]) => ({
        lines: l.items,
        teams: teams.items,
      })),
    [],
  );
  const editable = may(me, 'settings.manage');
  const [rows, setRows] = useState(/** @type {{ name: string, teamId: string, kind: string }[]} */ ([]));
  const [notice, setNotice] = useState('');
  useEffect(() => {
    if (data)
      setRows(data.lines.map((l) => ({ name: l.name, teamId: l.teamId ? String(l.teamId) : '', kind: l.kind })));
  }, [data]);
  const set = (i, patch) => {
    setRows((r) => r.map((row, j) => (j === i ? { ...row, ...patch } : row)));
    setNotice('');
  };
  const save = useSubmit(async () => {
    await api.put('/support-lines', {
      lines: rows.map((r) => ({ name: r.name.trim(), teamId: r.teamId ? Number(r.teamId) : null, kind: r.kind })),
    });
    setNotice(t('lines.saved'));
    reload();
  });
  const teams = (data?.teams ?? []).filter((tm) => tm.active);
  return html`<section class="support-lines-page services-page">
    <${ListHead} title=${t('lines.title')} lead=${t('lines.lead')} />
    <${ErrorBox} error=${error} />
    ${
      data &&
      !editable &&
      html`<div class="table-wrap">
        <table class="grid lines-table">
          <thead>
            <tr>
              <th>${t('lines.position')}</th>
              <th>${t('lines.name')}</th>
              <th>${t('lines.team')}</th>
              <th>${t('lines.kind')}</th>
            </tr>
          </thead>
          <tbody>
            ${data.lines.map(
              (l) =>
                html`<tr>
                  <td class="num">L${l.position}</td>
                  <td><b>${l.name}</b></td>
                  <td>${l.teamName ?? html`<span class="muted">—</span>`}</td>
                  <td>${t(`lines.kind.${l.kind}`)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        ${data.lines.length === 0 && html`<p class="empty">${t('lines.empty')} ${t('lines.emptyAgent')}</p>`}
      </div>`
    }
    ${
      data &&
      editable &&
      html`<form class="card support-lines-form" onSubmit=${save.onSubmit} novalidate>
        ${rows.length === 0 && html`<p class="empty">${t('lines.empty')} ${t('lines.emptyAdmin')}</p>`}
        <ol class="line-rows">
          ${rows.map(
            (r, i) =>
              html`<li class="form-grid line-row" data-line=${i + 1}>
                <label
                  >${t('lines.name')} (L${i + 1})
                  <input
                    name=${`line-${i}-name`}
                    value=${r.name}
                    maxlength="100"
                    required
                    onInput=${(e) => set(i, { name: e.target.value })}
                /></label>
                <label
                  >${t('lines.team')}
                  <select
                    name=${`line-${i}-team`}
                    value=${r.teamId}
                    onChange=${(e) => set(i, { teamId: e.target.value })}
                  >
                    <option value="">${t('lines.noTeam')}</option>
                    ${teams.map((tm) => html`<option value=${tm.id}>${tm.name}</option>`)}
                  </select></label
                >
                <label
                  >${t('lines.kind')}
                  <select name=${`line-${i}-kind`} value=${r.kind} onChange=${(e) => set(i, { kind: e.target.value })}>
                    ${KINDS.map((k) => html`<option value=${k}>${t(`lines.kind.${k}`)}</option>`)}
                  </select></label
                >
                <div class="actions gap line-actions">
                  ${
                    i > 0 &&
                    html`<button
                      type="button"
                      class="link"
                      onClick=${() => setRows((all) => [...all.slice(0, i - 1), all[i], all[i - 1], ...all.slice(i + 1)])}
                    >
                      ${t('lines.up')}
                    </button>`
                  }
                  <button
                    type="button"
                    class="link danger-link"
                    aria-label=${t('lines.removeOf', { name: r.name || `L${i + 1}` })}
                    onClick=${() => setRows((all) => all.filter((_, j) => j !== i))}
                  >
                    ${t('lines.remove')}
                  </button>
                </div>
              </li>`,
          )}
        </ol>
        <p class="hint">${t('lines.hint')}</p>
        <${ErrorBox} error=${save.error} />
        <div class="actions gap wrap">
          <button type="button" class="add-line" onClick=${() => setRows((all) => [...all, blankLine()])}>
            ${t('lines.add')}
          </button>
          <button type="submit" class="primary" disabled=${save.busy}>${t('lines.save')}</button>
          ${notice && html`<span class="saved-note" role="status">${notice}</span>`}
        </div>
      </form>`
    }
  </section>`;
}
