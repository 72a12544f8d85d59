import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { api, setCsrfToken } from './api.js';
import { addMessages, language, setLanguage, t, useLanguage } from './i18n.js';
import { match, navigate, useLocation } from './router.js';
import { LoginPage } from './pages/login.js';
import { QueuePage } from './pages/queue.js';
import { TicketPage } from './pages/ticket.js';
import { NewTicketPage } from './pages/new-ticket.js';
import { OrganizationPage, OrganizationsPage } from './pages/organizations.js';
import { SearchPage } from './pages/search.js';
import { lazyPage } from './components/lazy.js';
import { LicenseBanner } from './components/license-banner.js';
import { canManageLicense, canReadAgents, canReadAgreements, canReadCalendars, canReadLicense } from './roles.js';
import { canManageMail, canReadInbound } from './roles.js';

const CalendarsPage = lazyPage(() => import('./pages/calendars.js'), 'CalendarsPage');
const CalendarEditorPage = lazyPage(() => import('./pages/calendars.js'), 'CalendarEditorPage');
const LicensePage = lazyPage(() => import('./pages/license.js'), 'LicensePage');
const AgreementsPage = lazyPage(() => import('./pages/agreements.js'), 'AgreementsPage');
const NewAgreementPage = lazyPage(() => import('./pages/agreements.js'), 'NewAgreementPage');
const AgreementPage = lazyPage(() => import('./pages/agreements.js'), 'AgreementPage');
const ServicesPage = lazyPage(() => import('./pages/services.js'), 'ServicesPage');
const TeamsPage = lazyPage(() => import('./pages/teams.js'), 'TeamsPage');
const JobsPage = lazyPage(() => import('./pages/jobs.js'), 'JobsPage');
const AgentsPage = lazyPage(() => import('./pages/agents.js'), 'AgentsPage');
const AgentPage = lazyPage(() => import('./pages/agents.js'), 'AgentPage');
const MyNotificationsPage = lazyPage(() => import('./pages/my-notifications.js'), 'MyNotificationsPage');
const OutboxPage = lazyPage(() => import('./pages/outbox.js'), 'OutboxPage');
const NotificationSettingsPage = lazyPage(() => import('./pages/notification-settings.js'), 'NotificationSettingsPage');
const InboundPage = lazyPage(() => import('./pages/inbound.js'), 'InboundPage');
// The links to the admin mail pages; the pages bring the rest of their words (ui/app/i18n/mail-admin.*.js).
addMessages({
  en: {
    'nav.mail': 'Mail',
    'nav.outbox': 'Outbox',
    'nav.notifications': 'Notifications',
    'nav.inbound': 'Received mail',
  },
  ru: { 'nav.mail': 'Почта', 'nav.outbox': 'Исходящие', 'nav.notifications': 'Уведомления', 'nav.inbound': 'Входящие' },
});
// The links to the people pages; the pages bring the rest of their words (ui/app/i18n/people.*.js).
addMessages({
  en: { 'nav.agents': 'Agents', 'nav.myNotifications': 'My notifications' },
  ru: { 'nav.agents': 'Сотрудники', 'nav.myNotifications': 'Мои уведомления' },
});

const builtInViews = (me) => [
  { name: t('view.active'), query: 'status=active' },
  { name: t('view.myOpen'), query: `status=active&assigneeId=me` },
  { name: t('view.unassigned'), query: 'status=active&assigneeId=none' },
  { name: t('view.p1'), query: 'status=active&priority=P1' },
  { name: t('view.all'), query: '' },
];

function Shortcuts({ onClose }) {
  const rows = [
    ['j / ↓, k / ↑', 'shortcuts.move'],
    ['Enter', 'shortcuts.open'],
    ['/', 'shortcuts.search'],
    ['c', 'shortcuts.new'],
    ['?', 'shortcuts.help'],
  ];
  return html`<div class="modal" onClick=${onClose}>
    <div class="card" onClick=${(e) => e.stopPropagation()}>
      <h2>${t('shortcuts.title')}</h2>
      <table>
        ${rows.map(
          ([k, label]) =>
            html`<tr>
              <td><kbd>${k}</kbd></td>
              <td>${t(label)}</td>
            </tr>`,
        )}
      </table>
      <button onClick=${onClose}>${t('shortcuts.close')}</button>
    </div>
  </div>`;
}

function Layout({ me, onSignOut }) {
  const loc = useLocation();
  const [agents, setAgents] = useState([]);
  const [organizations, setOrganizations] = useState([]);
  const [views, setViews] = useState([]);
  const [help, setHelp] = useState(false);
  const [q, setQ] = useState('');
  const searchRef = useRef(null);
  const loadOrganizations = () =>
    api.get('/organizations?limit=200').then(
      (r) => setOrganizations(r.items),
      () => {},
    );
  const loadViews = () =>
    api.get('/views').then(
      (r) => setViews(r.items),
      () => {},
    );
  useEffect(() => {
    api.get('/agents').then(
      (r) => setAgents(r.items),
      () => {},
    );
    loadOrganizations();
    loadViews();
  }, []);
  useEffect(() => {
    const onKey = (e) => {
      if (e.target.closest('input, textarea, select') || e.metaKey || e.ctrlKey || e.altKey) {
        if (e.key === 'Escape') e.target.blur?.();
        return;
      }
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === 'c') navigate('/tickets/new');
      else if (e.key === '?') setHelp(true);
      else if (e.key === 'Escape') setHelp(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const saveView = async () => {
    const name = prompt(t('view.name'));
    if (!name) return;
    await api.post('/views', { name, query: loc.search.replace(/^\?/, '') });
    loadViews();
  };
  const deleteView = async (id) => {
    await api.del(`/views/${id}`);
    loadViews();
  };

  let page;
  let params;
  const path = loc.path === '/' ? '/tickets' : loc.path;
  if (path === '/tickets')
    page = html`<${QueuePage} search=${loc.search} agents=${agents} organizations=${organizations} />`;
  else if (path === '/tickets/new')
    page = html`<${NewTicketPage} organizations=${organizations} agents=${agents} search=${loc.search} />`;
  else if ((params = match('/tickets/:id', path)))
    page = html`<${TicketPage} id=${params.id} agents=${agents} me=${me} />`;
  else if (path === '/organizations') page = html`<${OrganizationsPage} me=${me} onChanged=${loadOrganizations} />`;
  else if ((params = match('/organizations/:id', path))) page = html`<${OrganizationPage} id=${params.id} me=${me} />`;
  else if (path === '/search') page = html`<${SearchPage} search=${loc.search} />`;
  else if (path === '/calendars' && canReadCalendars(me)) page = html`<${CalendarsPage} me=${me} />`;
  else if (path === '/calendars/new' && canReadCalendars(me))
    page = html`<${CalendarEditorPage} id=${null} search=${loc.search} me=${me} />`;
  else if ((params = match('/calendars/:id', path)) && canReadCalendars(me))
    page = html`<${CalendarEditorPage} id=${params.id} search=${loc.search} me=${me} />`;
  else if (path === '/license' && canReadLicense(me)) page = html`<${LicensePage} me=${me} />`;
  else if (path === '/agreements' && canReadAgreements(me))
    page = html`<${AgreementsPage} search=${loc.search} me=${me} organizations=${organizations} />`;
  else if (path === '/agreements/new' && canReadAgreements(me))
    page = html`<${NewAgreementPage} search=${loc.search} me=${me} organizations=${organizations} agents=${agents} />`;
  else if ((params = match('/agreements/:id', path)) && canReadAgreements(me))
    page = html`<${AgreementPage} id=${params.id} me=${me} organizations=${organizations} agents=${agents} />`;
  else if (path === '/services' && canReadAgreements(me)) page = html`<${ServicesPage} me=${me} />`;
  else if (path === '/jobs' && me?.role === 'admin') page = html`<${JobsPage} />`;
  else if (path === '/agents' && canReadAgents(me)) page = html`<${AgentsPage} me=${me} />`;
  else if ((params = match('/agents/:id', path)) && canReadAgents(me))
    page = html`<${AgentPage} key=${params.id} id=${params.id} me=${me} />`;
  else if (path === '/me/notifications') page = html`<${MyNotificationsPage} me=${me} />`;
  else if (path === '/outbox' && canManageMail(me)) page = html`<${OutboxPage} search=${loc.search} />`;
  else if (path === '/notifications' && canManageMail(me))
    page = html`<${NotificationSettingsPage} search=${loc.search} agents=${agents} />`;
  else if (path === '/inbound' && canReadInbound(me))
    page = html`<${InboundPage} search=${loc.search} me=${me} organizations=${organizations} />`;
  else if (path === '/teams' && canReadAgreements(me)) page = html`<${TeamsPage} me=${me} />`;
  else page = html`<p class="empty">404</p>`;

  const current = loc.path === '/tickets' ? loc.search.replace(/^\?/, '') : null;
  return html` <div class="shell">
    <header class="topbar">
      <a class="brand" href="/tickets?status=active">Ondesk</a>
      <form
        class="global-search"
        onSubmit=${(e) => {
          e.preventDefault();
          if (q.trim()) navigate(`/search?q=${encodeURIComponent(q.trim())}`);
        }}
      >
        <input
          ref=${searchRef}
          type="search"
          name="search"
          placeholder=${t('search.placeholder')}
          value=${q}
          onInput=${(e) => setQ(e.target.value)}
        />
      </form>
      <a class="button primary" href="/tickets/new">+ ${t('nav.new')}</a>
      <button class="link" onClick=${() => setLanguage(language() === 'ru' ? 'en' : 'ru')}>${t('lang.switch')}</button>
      <span class="me">${me.name}</span>
      <a
        class=${`me-link${loc.path === '/me/notifications' ? ' active' : ''}`}
        href="/me/notifications"
        data-nav="my-notifications"
        >${t('nav.myNotifications')}</a
      >
      <button class="link" onClick=${onSignOut}>${t('nav.signOut')}</button>
    </header>
    <nav class="sidebar">
      <div class="nav-title">${t('nav.queue')}</div>
      ${builtInViews(me).map((v) => html`<a class=${current === v.query ? 'active' : ''} href=${`/tickets${v.query ? `?${v.query}` : ''}`}>${v.name}</a>`)}
      ${views.length > 0 && html`<div class="nav-title">${t('nav.views')}</div>`}
      ${views.map(
        (v) =>
          html`<span class="saved-view"
            ><a class=${current === v.query ? 'active' : ''} href=${`/tickets?${v.query}`}>${v.name}</a>
            <button class="link x" title=${t('view.delete')} onClick=${() => deleteView(v.id)}>×</button></span
          >`,
      )}
      ${loc.path === '/tickets' && html`<button class="link" onClick=${saveView}>+ ${t('view.save')}</button>`}
      <div class="nav-title">${t('nav.organizations')}</div>
      <a class=${loc.path.startsWith('/organizations') ? 'active' : ''} href="/organizations">${t('org.title')}</a>
      ${canReadAgreements(me) && html`<a class=${loc.path.startsWith('/agreements') ? 'active' : ''} href="/agreements">${t('nav.agreements')}</a>`}
      ${
        canReadCalendars(me) &&
        html`<div class="nav-title">${t('nav.setup')}</div>
          <a class=${loc.path.startsWith('/calendars') ? 'active' : ''} href="/calendars">${t('nav.calendars')}</a>`
      }
      ${canReadAgreements(me) && html`<a class=${loc.path.startsWith('/services') ? 'active' : ''} href="/services">${t('nav.services')}</a>`}
      ${canReadAgreements(me) && html`<a class=${loc.path === '/teams' ? 'active' : ''} href="/teams">${t('nav.teams')}</a>`}
      ${canReadLicense(me) && html`<a class=${loc.path === '/license' ? 'active' : ''} href="/license">${t('nav.license')}</a>`}
      ${me?.role === 'admin' && html`<a class=${loc.path === '/jobs' ? 'active' : ''} href="/jobs">${t('nav.jobs')}</a>`}
      ${canReadAgents(me) && html`<a class=${loc.path.startsWith('/agents') ? 'active' : ''} href="/agents">${t('nav.agents')}</a>`}
      ${(canManageMail(me) || canReadInbound(me)) && html`<div class="nav-title">${t('nav.mail')}</div>`}
      ${
        canManageMail(me) &&
        html`<a class=${loc.path === '/outbox' ? 'active' : ''} href="/outbox">${t('nav.outbox')}</a>
          <a class=${loc.path === '/notifications' ? 'active' : ''} href="/notifications">${t('nav.notifications')}</a>`
      }
      ${canReadInbound(me) && html`<a class=${loc.path === '/inbound' ? 'active' : ''} href="/inbound">${t('nav.inbound')}</a>`}
      <div class="nav-foot">
        <button class="link" onClick=${() => setHelp(true)}>${t('nav.shortcuts')} (?)</button>
        <a href="/api/docs" target="_blank">${t('nav.api')}</a>
      </div>
    </nav>
    <main class="content">${canManageLicense(me) && html`<${LicenseBanner} path=${loc.path} />`}${page}</main>
    ${help && html`<${Shortcuts} onClose=${() => setHelp(false)} />`}
  </div>`;
}

function App() {
  useLanguage();
  const [session, setSession] = useState(undefined);
  const check = () =>
    api.get('/auth/session').then(
      (s) => {
        setCsrfToken(s.csrfToken);
        setSession(s);
      },
      () => setSession(null),
    );
  useEffect(() => {
    check();
    const onSignedOut = () => setSession(null);
    window.addEventListener('ondesk:signed-out', onSignedOut);
    return () => window.removeEventListener('ondesk:signed-out', onSignedOut);
  }, []);
  if (session === undefined) return html`<div class="boot">Ondesk…</div>`;
  if (!session)
    return html`<${LoginPage}
      onSignedIn=${(s) => {
        setSession(s);
        if (location.pathname === '/' || location.pathname === '/login') navigate('/tickets?status=active');
      }}
    />`;
  const signOut = async () => {
    await api.post('/auth/logout').catch(() => {});
    setCsrfToken(null);
    setSession(null);
  };
  return html`<${Layout} me=${session.agent} onSignOut=${signOut} />`;
}

render(html`<${App} />`, document.getElementById('app'));
