import { html } from '../html.js';
import { t } from '../i18n.js';
import { formatWork } from '../format.js';

/**
 * The hour package of a period: granted, used, what is left, and a bar of the part used. Red once nothing is
 * left (at or below zero: work past the package is refused or billed as overage, as the agreement says).
 * @param {{ granted: number, used: number, balance: number, caption?: unknown }} props
 */
export function PackageBalance({ granted, used, balance, caption }) {
  const share = granted > 0 ? Math.min(100, Math.max(0, (used / granted) * 100)) : 100;
  const out = balance <= 0;
  return html`<div class=${`package-balance${out ? ' out' : ''}`}>
    ${caption && html`<div class="package-caption">${caption}</div>`}
    <dl class="package-figures">
      <div>
        <dt>${t('time.granted')}</dt>
        <dd data-figure="granted">${formatWork(granted)}</dd>
      </div>
      <div>
        <dt>${t('time.used')}</dt>
        <dd data-figure="used">${formatWork(used)}</dd>
      </div>
      <div>
        <dt>${t('time.balance')}</dt>
        <dd data-figure="balance" class="package-left">${formatWork(balance)}</dd>
      </div>
    </dl>
    <div
      class="package-bar"
      role="progressbar"
      aria-label=${t('time.usedShare')}
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow=${Math.round(share)}
    >
      <span style=${`width: ${share}%`}></span>
    </div>
  </div>`;
}
