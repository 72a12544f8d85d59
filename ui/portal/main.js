import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrfToken } from './api.js';
import { html, PageHeading } from './components.js';
import { language, setLanguage, t, useLanguage } from './i18n.js';
import { match, navigate, useLocation } from './router.js';
import { LoginPage } from './pages/login.js';
import { TicketsPage } from './pages/tickets.js';
import { NewTicketPage } from './pages/new-ticket.js';
import { TicketPage } from './pages/ticket.js';
import { AgreementsPage } from './pages/agreements.js';
import { ProfilePage } from './pages/profile.js';
import { DocumentsPage, mayReadReports } from './pages/documents.js';

/**
 * @typedef {{ id: number, name: string, email: string, language: string,
 *   role: 'requester' | 'supervisor' | 'billing', organization: { id: number, name: string } }} Contact
 * @typedef {{ contact: Contact, csrfToken: string, visibility: 'own' | 'organization' | 'chosen',
 *   hasPassword: boolean }} Me
 */

/** The signed-in pages, in the order the navigation lists those that have a tab. */
const routes = [
  { pattern: '/portal/', page: TicketsPage, nav: 'nav.tickets' },
  { pattern: '/portal/tickets/new', page: NewTicketPage, nav: 'nav.new' },
  { pattern: '/portal/tickets/:id', page: TicketPage },
  { pattern: '/portal/agreements', page: AgreementsPage, nav: 'nav.agreements' },
  // Billing contacts and supervisors only: the tab appears for the roles that may read something there.
  {
    pattern: '/portal/documents',
    page: DocumentsPage,
    nav: 'nav.documents',
    shown: (/** @type {Me} */ me) => mayReadReports(me.contact.role),
  },
  { pattern: '/portal/profile', page: ProfilePage, nav: 'nav.profile' },
];

/** @param {string} path */
function resolve(path) {
  const normal = path === '/portal' ? '/portal/' : path;
  for (const route of routes) {
    const params = match(route.pattern, normal);
    if (params) return { route, params };
  }
  return null;
}

/** The other language's switch, named in that language so its speaker finds it. */
function LanguageSwitch({ onChange }) {
  const next = language() === 'ru' ? 'en' : 'ru';
  return html`<button type="button" class="lang-switch" lang=${next} onClick=${() => onChange(next)}>
    ${next === 'ru' ? 'Русский' : 'English'}
  </button>`;
}

/** @param {{ me: Me, onMe: (me: Me) => void, onSignedOut: () => void }} props */
function Layout({ me, onMe, onSignedOut }) {
  const loc = useLocation();
  const found = resolve(loc.path);
  const active = found?.route.pattern;
  const switchLanguage = (/** @type {string} */ lang) => {
    setLanguage(lang);
    // The contact's choice is theirs everywhere (mail too): kept on the server; the page has switched already.
    api.patch('/me', { language: lang }).then(onMe, () => {});
  };
  return html`<div class="portal">
    <a class="skip" href="#main">${t('nav.skip')}</a>
    <header class="topbar">
      <a class="brand" href="/portal/">Ondesk</a>
      <span class="org" title=${me.contact.organization.name}>${me.contact.organization.name}</span>
      <nav aria-label=${t('nav.label')}>
        <ul class="nav">
          ${routes
            .filter((r) => r.nav && (!r.shown || r.shown(me)))
            .map(
              (r) =>
                html`<li>
                  <a
                    href=${r.pattern}
                    class=${active === r.pattern ? 'active' : ''}
                    aria-current=${active === r.pattern ? 'page' : undefined}
                    >${t(r.nav)}</a
                  >
                </li>`,
            )}
        </ul>
      </nav>
      <${LanguageSwitch} onChange=${switchLanguage} />
    </header>
    <main id="main" tabindex="-1">
      ${
        found
          ? html`<${found.route.page}
              key=${loc.path}
              ...${found.params}
              me=${me}
              search=${loc.search}
              onMe=${onMe}
              onSignedOut=${onSignedOut}
            />`
          : html`<div class="empty">
              <${PageHeading}>${t('notFound.title')}<//>
              <p>${t('notFound.text')}</p>
              <a class="button primary" href="/portal/">${t('nav.tickets')}</a>
            </div>`
      }
    </main>
  </div>`;
}

const WANTED = 'ondesk.portal.wanted';

function App() {
  useLanguage();
  const loc = useLocation();
  const [me, setMe] = useState(/** @type {Me | null | undefined} */ (undefined));
  const [bootError, setBootError] = useState(/** @type {unknown} */ (null));

  /** @param {Me} next */
  const acceptMe = (next) => {
    setCsrfToken(next.csrfToken);
    if (next.contact.language) setLanguage(next.contact.language);
    setMe(next);
  };
  const signedOut = () => {
    setCsrfToken(null);
    setMe(null);
  };

  useEffect(() => {
    api.get('/me').then(acceptMe, (err) => {
      if (err.status === 401) signedOut();
      else setBootError(err);
    });
    window.addEventListener('portal:signed-out', signedOut);
    return () => window.removeEventListener('portal:signed-out', signedOut);
  }, []);

  const onLogin = loc.path === '/portal/login';
  useEffect(() => {
    if (me === null && !onLogin) {
      // A page opened before signing in (a request's address from a letter) is where signing in leads back to.
      if (loc.path !== '/portal/' && loc.path !== '/portal') sessionStorage.setItem(WANTED, loc.path + loc.search);
      navigate('/portal/login', { replace: true });
    }
    if (me && onLogin) {
      const wanted = sessionStorage.getItem(WANTED);
      sessionStorage.removeItem(WANTED);
      navigate(wanted && wanted.startsWith('/portal/') ? wanted : '/portal/', { replace: true });
    }
  }, [me, onLogin]);

  if (bootError) return html`<div class="boot" role="alert">${t('error.boot')}</div>`;
  if (me === undefined) return html`<div class="boot">Ondesk…</div>`;
  if (me === null || onLogin) return html`<${LoginPage} onSignedIn=${acceptMe} />`;
  return html`<${Layout} me=${me} onMe=${acceptMe} onSignedOut=${signedOut} />`;
}

render(html`<${App} />`, /** @type {HTMLElement} */ (document.getElementById('app')));
