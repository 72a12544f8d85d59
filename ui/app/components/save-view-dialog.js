import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { Dialog } from './dialog.js';
import { ErrorBox } from './error.js';
import { loadStyles } from './lazy.js';
import { useData } from './use-data.js';
import { useSubmit } from './use-submit.js';

/**
 * The teams a view may be shared with: the agent's own active teams; admins and managers any active team (the
 * server refuses the rest, so offering them would only end in an error).
 * @param {{ active: boolean, memberIds: number[] }[]} teams
 * @param {{ id: number, role: string }} me
 */
export const shareableTeams = (teams, me) =>
  teams.filter(
    (team) => team.active && (me.role === 'admin' || me.role === 'manager' || team.memberIds.includes(me.id)),
  );

/**
 * Saves the queue's current filters under a name, for the agent alone or shared with one of their teams (its
 * members see it in their sidebar). `onSaved` runs once the server has kept it.
 * @param {{ me: { id: number, role: string }, query: string, onClose: () => void, onSaved: () => void }} props
 */
export function SaveViewDialog({ me, query, onClose, onSaved }) {
  loadStyles('/app/styles/saved-views.css');
  const [name, setName] = useState('');
  const [teamId, setTeamId] = useState('');
  const teams = useData(() => api.get('/teams').then((r) => shareableTeams(r.items, me)), []);
  const save = useSubmit(async () => {
    await api.post('/views', { name: name.trim(), query, teamId: teamId ? Number(teamId) : null });
    onSaved();
  });
  return html`<${Dialog} title=${t('view.save')} onClose=${onClose}>
    <form class="save-view-form" onSubmit=${save.onSubmit}>
      <label
        >${t('view.name')}<input
          name="name"
          required
          maxlength="100"
          autocomplete="off"
          value=${name}
          onInput=${(e) => setName(e.target.value)}
      /></label>
      <label
        >${t('view.shareWith')}<select
          name="teamId"
          value=${teamId}
          disabled=${!teams.data}
          onChange=${(e) => setTeamId(e.target.value)}
        >
          <option value="">${t('view.onlyMe')}</option>
          ${(teams.data ?? []).map((team) => html`<option value=${String(team.id)}>${team.name}</option>`)}
        </select></label
      >
      ${teams.data?.length === 0 && html`<p class="hint">${t('view.noTeams')}</p>`}
      <${ErrorBox} error=${teams.error || save.error} />
      <div class="save-view-actions">
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="submit" class="primary" disabled=${save.busy || !name.trim()}>${t('common.save')}</button>
      </div>
    </form>
  <//>`;
}
