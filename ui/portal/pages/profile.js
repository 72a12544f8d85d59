import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorAlert, html, PageHeading, TextField, useSending } from '../components.js';
import { languages, setLanguage, t } from '../i18n.js';
import { navigate } from '../router.js';

/** The server's password policy (auth module): at least 10 characters. */
const MIN_PASSWORD = 10;

/**
 * The contact's own settings: name and language (the portal's and their mail's), a password as a second way to
 * sign in, and signing out.
 * @param {{ me: import('../main.js').Me, onMe: (me: any) => void, onSignedOut: () => void }} props
 */
export function ProfilePage({ me, onMe, onSignedOut }) {
  const [signOutError, setSignOutError] = useState(/** @type {unknown} */ (null));
  const signOut = async () => {
    try {
      await api.post('/logout');
      onSignedOut();
      navigate('/portal/login', { replace: true });
    } catch (err) {
      setSignOutError(err);
    }
  };
  return html`<section class="page narrow">
    <${PageHeading}>${t('profile.title')}<//>
    <dl class="facts">
      <dt>${t('profile.email')}</dt>
      <dd>${me.contact.email}</dd>
      <dt>${t('profile.organization')}</dt>
      <dd>${me.contact.organization.name}</dd>
      <dt>${t('profile.role')}</dt>
      <dd>${t(`role.${me.contact.role}`)}</dd>
      <dt>${t('profile.visibility')}</dt>
      <dd>${t(`visibility.${visibilityOf(me)}`)}</dd>
    </dl>
    <${Details} key=${me.contact.language} me=${me} onMe=${onMe} />
    <${Password} me=${me} onMe=${onMe} />
    <section class="card" aria-labelledby="signout-heading">
      <h2 id="signout-heading">${t('profile.signOutTitle')}</h2>
      <p class="muted">${t('profile.signOutHint')}</p>
      <${ErrorAlert} error=${signOutError} />
      <button type="button" onClick=${signOut}>${t('profile.signOut')}</button>
    </section>
  </section>`;
}

/** What the contact sees: their own requests, or the organization's (the `chosen` mode depends on the role). */
const visibilityOf = (/** @type {import('../main.js').Me} */ me) =>
  me.visibility === 'organization' || (me.visibility === 'chosen' && me.contact.role !== 'requester')
    ? 'organization'
    : 'own';

function Details({ me, onMe }) {
  const [name, setName] = useState(me.contact.name);
  const [lang, setLang] = useState(me.contact.language);
  const [saved, setSaved] = useState(false);
  const { busy, error, send } = useSending();
  /** @param {Event} e */
  const submit = (e) => {
    e.preventDefault();
    setSaved(false);
    return send(async () => {
      const next = await api.patch('/me', { name: name.trim(), language: lang });
      onMe(next);
      setLanguage(next.contact.language);
      setSaved(true);
    });
  };
  return html`<form class="card stack" onSubmit=${submit} aria-labelledby="details-heading">
    <h2 id="details-heading">${t('profile.details')}</h2>
    <${TextField}
      label=${t('profile.name')}
      name="name"
      required
      maxlength="200"
      autocomplete="name"
      value=${name}
      onValue=${setName}
    />
    <label>
      <span>${t('profile.language')}</span>
      <select name="language" value=${lang} onChange=${(e) => setLang(e.currentTarget.value)}>
        ${languages.map((l) => html`<option value=${l} lang=${l}>${l === 'ru' ? 'Русский' : 'English'}</option>`)}
      </select>
    </label>
    <p class="hint">${t('profile.languageHint')}</p>
    <${ErrorAlert} error=${error} />
    ${saved ? html`<p class="notice" role="status">${t('profile.saved')}</p>` : null}
    <div class="form-actions"><button type="submit" class="primary" disabled=${busy}>${t('common.save')}</button></div>
  </form>`;
}

function Password({ me, onMe }) {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [saved, setSaved] = useState(false);
  const { busy, error, setError, send } = useSending();
  /** @param {Event} e */
  const submit = (e) => {
    e.preventDefault();
    setSaved(false);
    if (password.length < MIN_PASSWORD) return setError(t('password.short', { n: MIN_PASSWORD }));
    if (password !== repeat) return setError(t('password.mismatch'));
    return send(async () => {
      await api.put('/me/password', me.hasPassword ? { password, currentPassword: current } : { password });
      setCurrent('');
      setPassword('');
      setRepeat('');
      setSaved(true);
      if (!me.hasPassword) onMe({ ...me, hasPassword: true });
    });
  };
  return html`<form class="card stack" onSubmit=${submit} aria-labelledby="password-heading">
    <h2 id="password-heading">${me.hasPassword ? t('password.change') : t('password.set')}</h2>
    <p class="muted">${me.hasPassword ? t('password.changeHint') : t('password.setHint')}</p>
    ${
      me.hasPassword
        ? html`<${TextField}
            label=${t('password.current')}
            type="password"
            name="currentPassword"
            required
            autocomplete="current-password"
            value=${current}
            onValue=${setCurrent}
          />`
        : null
    }
    <${TextField}
      label=${t('password.new')}
      type="password"
      name="password"
      required
      autocomplete="new-password"
      aria-describedby="password-rule"
      value=${password}
      onValue=${setPassword}
    />
    <p id="password-rule" class="hint">${t('password.rule', { n: MIN_PASSWORD })}</p>
    <${TextField}
      label=${t('password.repeat')}
      type="password"
      name="repeat"
      required
      autocomplete="new-password"
      value=${repeat}
      onValue=${setRepeat}
    />
    <${ErrorAlert} error=${error} />
    ${saved ? html`<p class="notice" role="status">${t('password.saved')}</p>` : null}
    <div class="form-actions">
      <button type="submit" class="primary" disabled=${busy}>
        ${me.hasPassword ? t('password.change') : t('password.set')}
      </button>
    </div>
  </form>`;
}
