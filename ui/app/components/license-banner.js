import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t } from '../i18n.js';

const KEY = 'ondesk.licenseBanner.dismissed';
const LEVELS = { critical: 2, warning: 1, info: 0 };

/** The warnings worth a banner (warning and critical), the most severe first; a staging build has its own strip. */
const bannerWarnings = (status) =>
  (status?.warnings ?? [])
    .filter((w) => (w.level === 'warning' || w.level === 'critical') && w.code !== 'staging-build')
    .sort((a, b) => (LEVELS[b.level] ?? 0) - (LEVELS[a.level] ?? 0));
/** What was dismissed: the same warnings stay hidden this session, a new or a graver one shows again. */
const signature = (warnings) => warnings.map((w) => `${w.code}:${w.level}:${w.days ?? ''}`).join('|');

function readDismissed() {
  try {
    return sessionStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

/**
 * A staging build says so above every page, every session: it trusts keys a production build does not, and must
 * never be mistaken for one. Not dismissable; it goes away only with a production build.
 */
function StagingStrip({ status, wording }) {
  const warning = status.warnings.find((w) => w.code === 'staging-build') ?? { code: 'staging-build', message: '' };
  return html`<div class="license-banner staging" role="status" data-staging-build>
    <span class="staging-badge">${t('lic.staging.badge')}</span>
    <span class="license-banner-text">${wording(warning, status)}</span>
    <a href="/license" class="license-banner-link">${t('lic.banner.open')}</a>
  </div>`;
}

/**
 * The admins' banner above every page while the license needs attention (term ending, grace, expired, no node
 * token, seats, clock). Hidden on the license page itself, which shows the same warnings in full.
 */
export function LicenseBanner({ path }) {
  const [status, setStatus] = useState(null);
  // The wording (and its strings) loads only when there is a warning to show.
  const [wording, setWording] = useState(null);
  const [dismissed, setDismissed] = useState(readDismissed);
  useEffect(() => {
    const load = () =>
      api.get('/license').then(
        (s) => {
          if (bannerWarnings(s).length || s.build?.kind === 'staging')
            import('../license-warnings.js').then(
              (m) => setWording(() => m.licenseWarningText),
              // Without its wording the banner stays hidden; the license page still shows every warning in full.
              (err) => console.error('the license warnings could not be worded', err),
            );
          setStatus(s);
        },
        (err) => {
          // A banner has nowhere to say why it cannot be shown; the license page itself shows the failure in full.
          console.error('the license status for the banner could not be read', err);
          setStatus(null);
        },
      );
    load();
    window.addEventListener('ondesk:license-changed', load);
    return () => window.removeEventListener('ondesk:license-changed', load);
  }, []);
  if (!wording || path === '/license') return null;
  const warnings = bannerWarnings(status);
  const staging = status?.build?.kind === 'staging' && html`<${StagingStrip} status=${status} wording=${wording} />`;
  if (!warnings.length || dismissed === signature(warnings)) return staging || null;
  const critical = warnings[0].level === 'critical';
  const dismiss = () => {
    const sig = signature(warnings);
    try {
      sessionStorage.setItem(KEY, sig);
    } catch {
      // private mode without storage: hidden until the page reloads
    }
    setDismissed(sig);
  };
  return html`${staging}
    <div class=${`license-banner ${critical ? 'critical' : 'warning'}`} role=${critical ? 'alert' : 'status'}>
      <span class="license-banner-text"
        >${wording(warnings[0], status)}${warnings.length > 1 ? html` <span class="more">${t('lic.banner.more', { n: warnings.length - 1 })}</span>` : ''}</span
      >
      <a href="/license" class="license-banner-link">${t('lic.banner.open')}</a>
      <button
        type="button"
        class="icon-button"
        aria-label=${t('lic.banner.dismiss')}
        title=${t('lic.banner.dismiss')}
        onClick=${dismiss}
      >
        ×
      </button>
    </div>`;
}
