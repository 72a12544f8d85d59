import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorAlert, html, PageHeading, TextField } from '../components.js';
import { language, setLanguage, t } from '../i18n.js';

/**
 * Sign-in: a single-use link by e-mail (the usual way) or a password the contact has set. What follows a link
 * request reads the same for every address, registered or not, so the page tells no one who is a client.
 * @param {{ onSignedIn: (me: any) => void }} props
 */
export function LoginPage({ onSignedIn }) {
  const [mode, setMode] = useState(/** @type {'link' | 'password'} */ ('link'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [sentTo, setSentTo] = useState(/** @type {string | null} */ (null));
  const [error, setError] = useState(/** @type {unknown} */ (null));
  const [busy, setBusy] = useState(false);
  const next = language() === 'ru' ? 'en' : 'ru';
  // The two ways share the form: the e-mail, then a password only when signing in by it.
  const byLink = mode === 'link';

  /** @param {Event} e */
  const requestLink = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/login-link', { email: email.trim(), language: language() });
      setSentTo(email.trim());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  /** @param {Event} e */
  const signIn = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/login', { email: email.trim(), password });
      // The session is set; /me answers the whole picture (visibility, whether a password is set).
      onSignedIn(await api.get('/me'));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  /** @param {'link' | 'password'} m */
  const switchMode = (m) => {
    setMode(m);
    setError(null);
    setSentTo(null);
  };

  return html`<div class="login">
    <div class="login-card">
      <div class="login-top">
        <span class="brand">Ondesk</span>
        <button type="button" class="lang-switch" lang=${next} onClick=${() => setLanguage(next)}>
          ${next === 'ru' ? 'Русский' : 'English'}
        </button>
      </div>
      <main id="main" tabindex="-1">
        <${PageHeading}>${t('login.title')}<//>
        <p class="muted">${t('login.lead')}</p>
        <div class="segmented" role="group" aria-label=${t('login.how')}>
          <button type="button" aria-pressed=${mode === 'link'} onClick=${() => switchMode('link')}>
            ${t('login.byLink')}
          </button>
          <button type="button" aria-pressed=${mode === 'password'} onClick=${() => switchMode('password')}>
            ${t('login.byPassword')}
          </button>
        </div>
        ${
          sentTo
            ? html`<div class="notice" role="status">
                <${FocusedHeading}>${t('login.checkMail')}<//>
                <p>${t('login.sent', { email: sentTo })}</p>
                <button type="button" class="link" onClick=${() => setSentTo(null)}>${t('login.again')}</button>
              </div>`
            : html`<form
                class="stack"
                onSubmit=${byLink ? requestLink : signIn}
                aria-label=${t(byLink ? 'login.byLink' : 'login.byPassword')}
              >
                <${TextField}
                  label=${t('login.email')}
                  type="email"
                  name="email"
                  autocomplete=${byLink ? 'email' : 'username'}
                  required
                  value=${email}
                  onValue=${setEmail}
                />
                ${
                  !byLink &&
                  html`<${TextField}
                    label=${t('login.password')}
                    type="password"
                    name="password"
                    autocomplete="current-password"
                    required
                    value=${password}
                    onValue=${setPassword}
                  />`
                }
                <${ErrorAlert} error=${error} />
                <button type="submit" class="primary" disabled=${busy}>
                  ${t(byLink ? 'login.sendLink' : 'login.signIn')}
                </button>
                <p class="hint">${t(byLink ? 'login.linkHint' : 'login.passwordHint')}</p>
              </form>`
        }
      </main>
    </div>
  </div>`;
}

/** The answer's heading takes the focus from the button that is gone, so the keyboard goes on from here. */
function FocusedHeading({ children }) {
  const ref = useRef(/** @type {HTMLHeadingElement | null} */ (null));
  // A layout effect: the focus moves in the same task the answer appears, never a frame later.
  useLayoutEffect(() => ref.current?.focus(), []);
  return html`<h2 ref=${ref} tabindex="-1">${children}</h2>`;
}
