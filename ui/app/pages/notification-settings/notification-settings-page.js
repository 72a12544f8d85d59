import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { loadMessages, t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { MailTabs } from '../../components/mail-list.js';
import { loadStyles } from '../../components/lazy.js';
import { useData } from '../../components/use-data.js';
import { navigate } from '../../router.js';
import { RulesTab } from './rules-tab.js';
import { TemplatesTab } from './templates-tab.js';
import { TABS } from './notification-words.js';

await loadMessages('mail-admin');
// The mail pages' own styles, shared by the three of them and kept out of the desk's first load.
export const ready = loadStyles('/app/styles/mail-admin.css');

/** Notification settings for admins: who hears what (rules) and what the mail says (templates). */
export function NotificationSettingsPage({ search, agents = [] }) {
  const wanted = new URLSearchParams(search).get('tab');
  const tab = TABS.includes(wanted) ? wanted : 'rules';
  const { data, error } = useData(() => api.get('/notification-rules'), []);
  const [rulesView, setRulesView] = useState(null);
  // Both tabs stay mounted once opened, so unsaved ticks survive a look at the templates.
  const [opened, setOpened] = useState({ [tab]: true });
  useEffect(() => setOpened((o) => (o[tab] ? o : { ...o, [tab]: true })), [tab]);
  const current = rulesView ?? data;
  return html`<section class="mail-admin notification-settings-page">
    <div class="page-head"><h1>${t('mail.notif.title')}</h1></div>
    <${MailTabs}
      tabs=${TABS}
      current=${tab}
      label=${(x) => t(`mail.notif.tab.${x}`)}
      onPick=${(x) => navigate(x === 'rules' ? '/notifications' : `/notifications?tab=${x}`)}
    />
    <${ErrorBox} error=${error} />
    ${!current && !error && html`<p class="muted">${t('common.loading')}</p>`}
    ${current && opened.rules && html`<div hidden=${tab !== 'rules'} role="tabpanel"><${RulesTab} data=${data} agents=${agents} onSaved=${setRulesView} /></div>`}
    ${current && opened.templates && html`<div hidden=${tab !== 'templates'} role="tabpanel"><${TemplatesTab} events=${current.events} /></div>`}
  </section>`;
}
