import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { useData } from '../../components/use-data.js';
import { may } from '../../session.js';
import { blankCalendar, presetName } from './calendar-document.js';
import { CalendarEditor } from './calendar-editor.js';

/** A calendar's page (`/calendars/:id`) or a new one from a preset (`/calendars/new?preset=…`). */
export function CalendarEditorPage({ id, search, me }) {
  const presetKey = id ? null : new URLSearchParams(search).get('preset');
  const request = `${id}:${presetKey}`;
  const { data, error } = useData(async () => {
    if (id) return { request, calendar: await api.get(`/calendars/${id}`) };
    const { items } = await api.get('/calendars/presets');
    const preset = items.find((p) => p.key === presetKey);
    return { request, calendar: preset ? { name: presetName(preset), ...preset.document } : blankCalendar() };
  }, [request]);
  if (error)
    return html`<section>
      <a class="back" href="/calendars">← ${t('cal.title')}</a><${ErrorBox} error=${error} />
    </section>`;
  // useData still holds the previous page's calendar for one render after the address changes.
  if (data?.request !== request) return html`<p class="muted">${t('common.loading')}</p>`;
  const { calendar } = data;
  return html`<${CalendarEditor}
    key=${request}
    id=${calendar.id ?? null}
    initial=${calendar}
    canEdit=${may(me, 'calendar.write')}
  />`;
}
