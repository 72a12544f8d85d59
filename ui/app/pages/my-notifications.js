import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { loadMessages, t } from '../i18n.js';
import { ErrorBox } from '../components/error.js';
import { useData } from '../components/use-data.js';
import { useSubmit } from '../components/use-submit.js';

await loadMessages('people');

const keyOf = (event, channel) => `${event}|${channel}`;

/** A translated word, or the server's key when this build has no words for it (a newer server's event). */
const labelOr = (key, fallback) => (t(key) === key ? fallback : t(key));
export const eventLabel = (event) => labelOr(`notif.event.${event}`, event);
export const channelLabel = (channel) => labelOr(`notif.channel.${channel}`, channel);

/** Events in the server's order, grouped by what they are about: ticket.*, sla.*, agreement.*, license.* */
function groupEvents(events) {
  const groups = [];
  for (const event of events) {
    const name = event.split('.')[0];
    const group = groups.find((g) => g.name === name) ?? (groups.push({ name, events: [] }), groups[groups.length - 1]);
    group.events.push(event);
  }
  return groups;
}

const mutedSet = (prefs) => new Set(prefs.mutes.map((m) => keyOf(m.event, m.channel)));
const sameSet = (a, b) => a.size === b.size && [...a].every((k) => b.has(k));

/** Each agent's own notifications: events × channels, ticked = "I want to hear this"; unticked = muted. */
export function MyNotificationsPage({ me }) {
  const { data, error } = useData(() => api.get('/agents/me/notification-preferences'), []);
  const [prefs, setPrefs] = useState(null);
  const [muted, setMuted] = useState(new Set());
  const [notice, setNotice] = useState('');
  const save = useSubmit(async () => {
    // Only what this page shows: a mute of an event the server no longer lists would be refused.
    const mutes = prefs.events.flatMap((event) =>
      prefs.channels.filter((channel) => muted.has(keyOf(event, channel))).map((channel) => ({ event, channel })),
    );
    const next = await api.put('/agents/me/notification-preferences', { mutes });
    setPrefs(next);
    setMuted(mutedSet(next));
    setNotice(t('notif.saved'));
  });
  useEffect(() => {
    if (!data) return;
    setPrefs(data);
    setMuted(mutedSet(data));
  }, [data]);
  if (error)
    return html`<section class="notifications-page">
      <h1>${t('notif.title')}</h1>
      <${ErrorBox} error=${error} />
    </section>`;
  if (!prefs) return html`<p class="muted">${t('common.loading')}</p>`;

  const dirty = !sameSet(muted, mutedSet(prefs));
  const toggle = (k, want) => {
    const next = new Set(muted);
    if (want) next.delete(k);
    else next.add(k);
    setMuted(next);
    setNotice('');
  };
  const cols = prefs.channels.length + 1;
  return html`<section class="notifications-page">
    <div class="page-head"><h1>${t('notif.title')}</h1></div>
    <p class="muted lead">${t('notif.lead')}</p>
    <div class=${prefs.phone ? 'my-phone' : 'warning my-phone'} data-phone=${prefs.phone ?? ''}>
      ${prefs.phone ? t('notif.phone', { phone: prefs.phone }) : t('notif.noPhone')}
      ${' '}${prefs.phone && html`<span class="muted">${t('notif.smsNeedsPhone')}</span>`} ${' '}<a
        href=${`/agents/${me.id}`}
        >${t('notif.editPhone')}</a
      >
    </div>
    <form onSubmit=${save.onSubmit}>
      <div class="table-wrap">
        <table class="grid notif-matrix">
          <thead>
            <tr>
              <th scope="col">${t('notif.event')}</th>
              ${prefs.channels.map((c) => html`<th scope="col" class="notif-channel">${channelLabel(c)}</th>`)}
            </tr>
          </thead>
          ${groupEvents(prefs.events).map(
            (g) =>
              html`<tbody key=${g.name}>
                <tr class="notif-group">
                  <th scope="rowgroup" colspan=${cols}>${labelOr(`notif.group.${g.name}`, g.name)}</th>
                </tr>
                ${g.events.map(
                  (event) =>
                    html`<tr data-event=${event}>
                      <th scope="row" title=${event}>${eventLabel(event)}</th>
                      ${prefs.channels.map((channel) => {
                        const k = keyOf(event, channel);
                        return html`<td class="notif-channel">
                          <input
                            type="checkbox"
                            data-mute=${k}
                            checked=${!muted.has(k)}
                            aria-label=${t('notif.want', { event: eventLabel(event), channel: channelLabel(channel) })}
                            onChange=${(e) => toggle(k, e.target.checked)}
                          />
                        </td>`;
                      })}
                    </tr>`,
                )}
              </tbody>`,
          )}
        </table>
      </div>
      <${ErrorBox} error=${save.error} />
      <div class="actions people-actions">
        ${dirty ? html`<span class="badge unsaved">${t('notif.unsaved')}</span>` : notice && html`<span class="saved-note" role="status">${notice}</span>`}
        <button type="submit" class="primary" name="save" disabled=${save.busy}>${t('notif.save')}</button>
      </div>
    </form>
  </section>`;
}
