import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { loadMessages, t } from '../i18n.js';
import { ErrorBox } from '../components/error.js';
import { useSubmit } from '../components/use-submit.js';
import { useData } from '../components/use-data.js';
import { ListHead } from '../components/list-head.js';
import { may } from '../session.js';
import { loadStyles } from '../components/lazy.js';

// The words of this page (the desk's few team words are registered by the queue and ticket pages, in the first load).
await loadMessages('teams');

// Chips, inline checkboxes and row actions look as they do on the services page.
export const ready = loadStyles('/app/styles/agreements.css');

/** Admins and managers manage teams (the server's `team.manage`); everyone who works tickets reads them. */

const blank = { name: '', description: '', memberIds: [] };
const formOf = (team) => ({ name: team.name, description: team.description ?? '', memberIds: [...team.memberIds] });
const bodyOf = (f) => ({ name: f.name.trim(), description: f.description.trim() || null, memberIds: f.memberIds });

/** The server speaks English; what a person can fix is said again in the viewer's language. */
function problemText(err) {
  if (err?.status === 409) return t('team.err.taken');
  if (err?.status === 400 && /Agents? [\d, ]+ (does|do) not exist/.test(err.message)) return t('team.err.agent');
  return err?.message ?? String(err);
}

/** Name, description and a checkbox per active agent (members who were deactivated stay listed, so saving keeps them). */
function TeamFields({ form, set, agents, prefix, nameError }) {
  const shown = agents.filter((a) => a.active || form.memberIds.includes(a.id));
  const toggle = (id, on) => set({ memberIds: on ? [...form.memberIds, id] : form.memberIds.filter((m) => m !== id) });
  return html` <label
      >${t('team.name')}
      <input
        name=${`${prefix}-name`}
        value=${form.name}
        required
        maxlength="100"
        autocomplete="off"
        aria-invalid=${nameError ? 'true' : undefined}
        aria-describedby=${nameError ? `${prefix}-name-error` : undefined}
        onInput=${(e) => set({ name: e.target.value })}
      />
      ${nameError && html`<span class="error" id=${`${prefix}-name-error`}>${nameError}</span>`}</label
    >
    <label
      >${t('team.description')}
      <input
        name=${`${prefix}-description`}
        value=${form.description}
        maxlength="2000"
        onInput=${(e) => set({ description: e.target.value })}
    /></label>
    <fieldset
      class="wide team-members"
      style="border: 1px solid var(--line); border-radius: 6px; display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 6px 10px 10px;"
    >
      <legend>${t('team.members')}</legend>
      ${shown.map(
        (a) =>
          html`<label class="checkbox">
            <input
              type="checkbox"
              name=${`${prefix}-member`}
              value=${a.id}
              checked=${form.memberIds.includes(a.id)}
              onChange=${(e) => toggle(a.id, e.target.checked)}
            />
            ${a.name}</label
          >`,
      )}
      ${shown.length === 0 && html`<span class="muted">—</span>`}
    </fieldset>`;
}

/** A form that creates a team or changes one; `onSaved` gets the team the server answered with. */
function TeamForm({ team, agents, prefix, submitLabel, onSaved, onCancel }) {
  const [form, setForm] = useState(team ? formOf(team) : blank);
  const [nameError, setNameError] = useState(null);
  useEffect(() => {
    if (team) /** @type {HTMLElement | null} */ (document.querySelector(`[name="${prefix}-name"]`))?.focus();
  }, []);
  // A taken name shows beside the name (the form's own box then says nothing); any other refusal in the box.
  const save = useSubmit(async () => {
    setNameError(null);
    try {
      const saved = team ? await api.patch(`/teams/${team.id}`, bodyOf(form)) : await api.post('/teams', bodyOf(form));
      if (!team) setForm(blank);
      onSaved(saved);
    } catch (err) {
      if (err.status === 409) setNameError(problemText(err));
      throw new Error(problemText(err));
    }
  });
  const submit = (e) => {
    e.preventDefault();
    if (!form.name.trim()) {
      setNameError(t('team.err.required'));
      return;
    }
    save.run();
  };
  return html`<form
    class="form-grid team-form"
    onSubmit=${submit}
    novalidate
    aria-label=${team ? t('team.editOf', { name: team.name }) : t('team.new')}
  >
    <${TeamFields}
      form=${form}
      set=${(p) => {
        setForm((f) => ({ ...f, ...p }));
        if (p.name === undefined) return;
        setNameError(null);
        save.setError(null);
      }}
      agents=${agents}
      prefix=${prefix}
      nameError=${nameError}
    />
    <div class="wide"><${ErrorBox} error=${nameError ? null : save.error} /></div>
    <div class="wide actions gap">
      ${onCancel && html`<button type="button" onClick=${onCancel}>${t('common.cancel')}</button>`}
      <button type="submit" class="primary" disabled=${save.busy}>${submitLabel}</button>
    </div>
  </form>`;
}

function TeamRow({ team, agents, editable, onChanged }) {
  const [editing, setEditing] = useState(false);
  const act = useSubmit(async (/** @type {() => Promise<unknown>} */ work) => {
    try {
      await work();
    } catch (err) {
      throw new Error(problemText(err));
    }
    onChanged();
  });
  const remove = () =>
    confirm(t('team.deleteConfirm', { name: team.name })) && act.run(() => api.del(`/teams/${team.id}`));
  if (editing) {
    return html`<tr class="editing" data-id=${team.id}>
      <td colspan="4">
        <${TeamForm}
          team=${team}
          agents=${agents}
          prefix=${`team-${team.id}`}
          submitLabel=${t('common.save')}
          onSaved=${() => {
            setEditing(false);
            onChanged();
          }}
          onCancel=${() => setEditing(false)}
        />
      </td>
    </tr>`;
  }
  return html`<tr class=${team.active ? 'team-row' : 'team-row retired-row'} data-id=${team.id}>
    <td>
      <b class="team-name">${team.name}</b
      >${!team.active && html` <span class="chip retired">${t('team.inactive')}</span>`}
    </td>
    <td class="muted">${team.description ?? ''}</td>
    <td class="team-members-cell">
      ${team.members.length ? team.members.map((m) => m.name).join(', ') : html`<span class="muted">${t('team.noMembers')}</span>`}
    </td>
    <td class="num nowrap">
      ${
        editable &&
        html` <button
            type="button"
            class="link"
            aria-label=${t('team.editOf', { name: team.name })}
            onClick=${() => setEditing(true)}
          >
            ${t('team.edit')}
          </button>
          <button
            type="button"
            class="link"
            disabled=${act.busy}
            aria-label=${t(team.active ? 'team.deactivateOf' : 'team.activateOf', { name: team.name })}
            onClick=${() => act.run(() => api.patch(`/teams/${team.id}`, { active: !team.active }))}
          >
            ${t(team.active ? 'team.deactivate' : 'team.activate')}
          </button>
          <button
            type="button"
            class="link danger-link"
            disabled=${act.busy}
            aria-label=${t('team.deleteOf', { name: team.name })}
            onClick=${remove}
          >
            ${t('team.delete')}
          </button>`
      }
      <${ErrorBox} error=${act.error} class="row-error" />
    </td>
  </tr>`;
}

/** Teams: who works which tickets. */
export function TeamsPage({ me }) {
  const [version, setVersion] = useState(0);
  const { data, error } = useData(
    () =>
      Promise.all([api.get('/teams'), api.get('/agents')]).then(([teams, agents]) => ({
        teams: teams.items,
        agents: agents.items,
      })),
    [version],
  );
  const [notice, setNotice] = useState('');
  const editable = may(me, 'team.manage');
  const reload = () => setVersion((v) => v + 1);
  const teams = data?.teams ?? [];
  const agents = data?.agents ?? [];
  return html`<section class="teams-page services-page">
    <${ListHead} title=${t('team.title')} lead=${t('team.lead')} />
    <${ErrorBox} error=${error} />
    <div class="table-wrap">
      <table class="grid teams-table services-table">
        <thead>
          <tr>
            <th>${t('team.name')}</th>
            <th>${t('team.description')}</th>
            <th>${t('team.members')}</th>
            <th><span class="visually-hidden">${t('team.edit')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${teams.map((team) => html`<${TeamRow} key=${`${team.id}:${team.updatedAt}`} team=${team} agents=${agents} editable=${editable} onChanged=${reload} />`)}
        </tbody>
      </table>
      ${data && teams.length === 0 && html`<p class="empty">${t('team.empty')}</p>`}
    </div>
    ${
      editable &&
      data &&
      html`<section class="card new-team" aria-labelledby="new-team-title" style="margin-top: 14px;">
        <h2 id="new-team-title" style="margin-top: 0;">${t('team.new')}</h2>
        <${TeamForm}
          agents=${agents}
          prefix="new-team"
          submitLabel=${t('team.add')}
          onSaved=${(team) => {
            setNotice(t('team.created', { name: team.name }));
            reload();
          }}
        />
        ${notice && html`<p class="saved-note" role="status">${notice}</p>`}
      </section>`
    }
  </section>`;
}
