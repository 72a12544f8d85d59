import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, setCsrfToken } from '../api.js';
import { t, setLanguage, language } from '../i18n.js';
import { ErrorBox } from '../components/error.js';
import { useSubmit } from '../components/use-submit.js';

export function LoginPage({ onSignedIn }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = useSubmit(async () => {
    const session = await api.post('/auth/login', { email, password });
    setCsrfToken(session.csrfToken);
    onSignedIn(session);
  });
  return html` <div class="login">
    <form class="card login-card" onSubmit=${submit.onSubmit}>
      <div class="brand big">Ondesk</div>
      <h1>${t('login.title')}</h1>
      <label
        >${t('login.email')}<input
          name="email"
          type="email"
          autocomplete="username"
          required
          value=${email}
          onInput=${(e) => setEmail(e.target.value)}
          autofocus
      /></label>
      <label
        >${t('login.password')}<input
          name="password"
          type="password"
          autocomplete="current-password"
          required
          value=${password}
          onInput=${(e) => setPassword(e.target.value)}
      /></label>
      <${ErrorBox} error=${submit.error} />
      <button class="primary" type="submit" disabled=${submit.busy}>${t('login.submit')}</button>
      <button type="button" class="link" onClick=${() => setLanguage(language() === 'ru' ? 'en' : 'ru')}>
        ${t('lang.switch')}
      </button>
    </form>
  </div>`;
}
