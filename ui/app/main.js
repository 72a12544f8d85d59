import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { api, setCsrfToken } from './api.js';
import { adoptAgentLanguage, language, setLanguage, t, useLanguage } from './i18n.js';
import { navigate, useLocation } from './router.js';
import { LoginPage } from './pages/login.js';
import { LicenseBanner } from './components/license-banner.js';
import { ErrorBox } from './components/error.js';
import { useSubmit } from './components/use-submit.js';
import { SaveViewDialog } from './components/save-view-dialog.js';
import { mayOpen, navigation, resolveRoute } from './routes.js';
import { may, meOf } from './session.js';
import { TimerSlot } from './time/timer-slot.js';
import { NotFoundPage } from './pages/not-found.js';

/** @typedef {import('./session.js').Me} Me */

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
    ['x', 'shortcuts.tick'],
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

/** Under this width the sidebar is a drawer (styles/shell.css). */
const NARROW = '(max-width: 900px)';

/** @param {{ me: Me, onSignOut: () => void }} props */
function Layout({ me, onSignOut }) {
  const loc = useLocation();
  const [agents, setAgents] = useState([]);
  const [organizations, setOrganizations] = useState([]);
  const [views, setViews] = useState([]);
  // What the shell itself failed to load or change (lists for the pages, saved views), shown above the page.
  const [shellError, setShellError] = useState(/** @type {unknown} */ (null));
  const [help, setHelp] = useState(false);
  // Under ~900 px the sidebar is a drawer the menu button opens; any move to another page closes it.
  const [navOpen, setNavOpen] = useState(false);
  useEffect(() => setNavOpen(false), [loc.path, loc.search]);
  // Whether the sidebar is a drawer now (the width of styles/shell.css): a closed drawer is inert, so the keyboard
  // and screen readers do not wander through links that are off the screen; an opened one takes the focus.
  const [narrow, setNarrow] = useState(() => matchMedia(NARROW).matches);
  useEffect(() => {
    const query = matchMedia(NARROW);
    const onChange = () => setNarrow(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  const navRef = useRef(/** @type {HTMLElement | null} */ (null));
  useEffect(() => {
    if (navOpen) navRef.current?.querySelector('a')?.focus();
  }, [navOpen]);
  const [q, setQ] = useState('');
  const searchRef = useRef(/** @type {HTMLInputElement | null} */ (null));
  const loadOrganizations = () =>
    api.get('/organizations?limit=200').then((r) => setOrganizations(r.items), setShellError);
  const loadViews = () => api.get('/views').then((r) => setViews(r.items), setShellError);
  useEffect(() => {
    api.get('/agents').then((r) => setAgents(r.items), setShellError);
    loadOrganizations();
    loadViews();
  }, []);
  useEffect(() => {
    /** @param {KeyboardEvent} e */
    const onKey = (e) => {
      const target = /** @type {HTMLElement} */ (e.target);
      if (target.closest('input, textarea, select') || e.metaKey || e.ctrlKey || e.altKey) {
        if (e.key === 'Escape') target.blur?.();
        return;
      }
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === 'c') navigate('/tickets/new');
      else if (e.key === '?') setHelp(true);
      else if (e.key === 'Escape') {
        setHelp(false);
        setNavOpen(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Saving or deleting a saved view; the list is read again however it went.
  const viewChange = useSubmit(async (/** @type {() => Promise<unknown>} */ work) => {
    try {
      await work();
      setShellError(null);
    } finally {
      loadViews();
    }
  });
  // The save-view dialog is open (a name, and a team to share the view with).
  const [savingView, setSavingView] = useState(false);
  /** @param {number} id */
  const deleteView = (id) => viewChange.run(() => api.del(`/views/${id}`));

  const path = loc.path === '/' ? '/tickets' : loc.path;
  const found = resolveRoute(path, me);
  // Every page gets the same props and takes those it needs; the key makes a new address a fresh page.
  const page = found
    ? html`<${found.route.page}
        key=${path}
        ...${found.params}
        me=${me}
        search=${loc.search}
        agents=${agents}
        organizations=${organizations}
        onOrganizationsChanged=${loadOrganizations}
      />`
    : html`<${NotFoundPage} path=${loc.path} />`;
  /** @param {string} to */
  const isActive = (to) => loc.path === to || loc.path.startsWith(`${to}/`);

  const current = loc.path === '/tickets' ? loc.search.replace(/^\?/, '') : null;
  // The switch also goes to the agent's profile, so another browser they sign in from opens in it.
  const switchLanguage = () => {
    const lang = language() === 'ru' ? 'en' : 'ru';
    setLanguage(lang);
    api.patch(`/agents/${me.id}`, { language: lang }).then(() => setShellError(null), setShellError);
  };
  // The account's links: in the top bar on wide screens, at the foot of the drawer on narrow ones.
  const account = () =>
    html`<button class="link" onClick=${switchLanguage}>${t('lang.switch')}</button>
      <span class="me">${me.name}</span>
      ${
        mayOpen('/me/notifications', me) &&
        html`<a
          class=${`me-link${isActive('/me/notifications') ? ' active' : ''}`}
          href="/me/notifications"
          data-nav="my-notifications"
          >${t('nav.myNotifications')}</a
        >`
      }
      <button class="link" onClick=${onSignOut}>${t('nav.signOut')}</button>`;
  return html` <div class=${`shell${navOpen ? ' nav-open' : ''}`}>
    <header class="topbar">
      <button
        type="button"
        class="menu-button"
        aria-label=${t(navOpen ? 'nav.closeMenu' : 'nav.menu')}
        aria-expanded=${navOpen ? 'true' : 'false'}
        aria-controls="desk-nav"
        onClick=${() => setNavOpen(!navOpen)}
      >
        <span aria-hidden="true">${navOpen ? '×' : '☰'}</span>
      </button>
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
      <${TimerSlot} me=${me} />
      ${
        mayOpen('/tickets/new', me) &&
        html`<a class="button primary new-ticket" href="/tickets/new" title=${t('nav.new')}
          >+ <span class="new-ticket-label">${t('nav.new')}</span></a
        >`
      }
      <div class="account">${account()}</div>
    </header>
    ${navOpen && html`<div class="nav-backdrop" onClick=${() => setNavOpen(false)}></div>`}
    <nav class="sidebar" id="desk-nav" ref=${navRef} aria-label=${t('nav.menu')} inert=${narrow && !navOpen}>
      <div class="nav-head">
        <a class="brand" href="/tickets?status=active">Ondesk</a>
        <button
          type="button"
          class="icon-button nav-close"
          aria-label=${t('nav.closeMenu')}
          onClick=${() => setNavOpen(false)}
        >
          ×
        </button>
      </div>
      <div class="nav-title">${t('nav.queue')}</div>
      ${builtInViews(me).map((v) => html`<a class=${current === v.query ? 'active' : ''} href=${`/tickets${v.query ? `?${v.query}` : ''}`}>${v.name}</a>`)}
      ${views.length > 0 && html`<div class="nav-title">${t('nav.views')}</div>`}
      ${views.map(
        (v) =>
          html`<span class="saved-view"
            ><a
              class=${current === v.query ? 'active' : ''}
              href=${`/tickets?${v.query}`}
              title=${v.teamName ? t('view.sharedWith', { team: v.teamName }) : undefined}
              >${v.name}${v.teamName ? html` <span class="muted">· ${v.teamName}</span>` : ''}</a
            >
            ${
              v.mine &&
              html`<button
                class="link x"
                title=${t('view.delete')}
                disabled=${viewChange.busy}
                onClick=${() => deleteView(v.id)}
              >
                ×
              </button>`
            }</span
          >`,
      )}
      ${loc.path === '/tickets' && html`<button class="link" disabled=${viewChange.busy} onClick=${() => setSavingView(true)}>+ ${t('view.save')}</button>`}
      ${navigation(me).map(
        (group) =>
          html`<div class="nav-title">${t(group.title)}</div>
            ${group.links.map(
              (link) => html`<a class=${isActive(link.path) ? 'active' : ''} href=${link.path}>${t(link.label)}</a>`,
            )}`,
      )}
      <div class="nav-account">${account()}</div>
      <div class="nav-foot">
        <button class="link" onClick=${() => setHelp(true)}>${t('nav.shortcuts')} (?)</button>
        <a href="/api/docs" target="_blank">${t('nav.api')}</a>
      </div>
    </nav>
    <main class="content">
      ${may(me, 'license.manage') && html`<${LicenseBanner} path=${loc.path} />`}<${ErrorBox}
        error=${viewChange.error || shellError}
      />${page}
    </main>
    ${help && html`<${Shortcuts} onClose=${() => setHelp(false)} />`}
    ${
      savingView &&
      html`<${SaveViewDialog}
        me=${me}
        query=${loc.search.replace(/^\?/, '')}
        onClose=${() => setSavingView(false)}
        onSaved=${() => {
          setSavingView(false);
          loadViews();
        }}
      />`
    }
  </div>`;
}

function App() {
  useLanguage();
  const [session, setSession] = useState(/** @type {import('./session.js').Session | null | undefined} */ (undefined));
  const check = () =>
    api.get('/auth/session').then(
      async (s) => {
        setCsrfToken(s.csrfToken);
        // The desk opens in the agent's language at once rather than flipping after the first paint.
        await adoptAgentLanguage(s.agent.language);
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
  // One object per session, so pages that depend on `me` do not run their effects on every render.
  const me = useMemo(() => (session ? meOf(session) : null), [session]);
  if (session === undefined) return html`<div class="boot">Ondesk…</div>`;
  if (!session || !me)
    return html`<${LoginPage}
      onSignedIn=${async (s) => {
        await adoptAgentLanguage(s.agent.language);
        setSession(s);
        if (location.pathname === '/' || location.pathname === '/login') navigate('/tickets?status=active');
      }}
    />`;
  const signOut = async () => {
    try {
      await api.post('/auth/logout');
    } catch (err) {
      // Signed out here whatever the server said: the sign-in page that follows has nowhere to show why, so the
      // reason is kept for whoever reads the console.
      console.error('sign-out request failed', err);
    }
    setCsrfToken(null);
    setSession(null);
  };
  return html`<${Layout} me=${me} onSignOut=${signOut} />`;
}

render(html`<${App} />`, document.getElementById('app'));
