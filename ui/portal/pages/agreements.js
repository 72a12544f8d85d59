import { api } from '../api.js';
import { ErrorAlert, html, Loading, PageHeading, useLoad } from '../components.js';
import { formatDate, formatMinutes } from '../format.js';
import { language, t } from '../i18n.js';

/**
 * The organization's active agreements: what is covered, for how long, and how fast support answers and
 * resolves per priority (business time of the agreement's calendar).
 */
export function AgreementsPage() {
  const list = useLoad(() => api.get('/agreements'), []);
  const items = list.data?.items ?? [];
  return html`<section class="page">
    <${PageHeading}>${t('agreements.title')}<//>
    <${ErrorAlert} error=${list.error} />
    ${list.loading && !list.data ? html`<${Loading} />` : null}
    ${
      list.data && items.length === 0
        ? html`<div class="empty">
            <p><strong>${t('agreements.empty')}</strong></p>
            <p>${t('agreements.emptyHint')}</p>
          </div>`
        : null
    }
    <div class="agreements">${items.map((a) => html`<${Agreement} key=${a.id} agreement=${a} />`)}</div>
  </section>`;
}

/** @param {number | null} days */
function expiry(days) {
  if (days === null) return t('agreements.openEnded');
  if (days < 0) return t('agreements.ended');
  if (days === 0) return t('agreements.endsToday');
  // Russian counts take three forms (1 день, 2 дня, 5 дней), English two.
  const form = new Intl.PluralRules(language()).select(days);
  return t(`agreements.daysLeft.${form === 'one' || form === 'few' ? form : 'many'}`, { n: days });
}

/** @param {{ agreement: any }} props */
function Agreement({ agreement: a }) {
  const soon = a.daysToExpiry !== null && a.daysToExpiry <= 30;
  const headingId = `agreement-${a.id}`;
  return html`<article class="agreement card" aria-labelledby=${headingId}>
    <div class="agreement-head">
      <h2 id=${headingId}>${t('agreements.number', { number: a.number })}</h2>
      <span class=${`expiry${soon ? ' soon' : ''}`}>${expiry(a.daysToExpiry)}</span>
    </div>
    <p class="agreement-title">${a.title}</p>
    <dl class="facts">
      <dt>${t('agreements.period')}</dt>
      <dd>
        ${
          a.endsOn
            ? t('agreements.periodFromTo', { from: formatDate(a.startsOn), to: formatDate(a.endsOn) })
            : t('agreements.periodFrom', { from: formatDate(a.startsOn) })
        }
      </dd>
      <dt>${t('agreements.tier')}</dt>
      <dd>${t(`tier.${a.tier}`)}</dd>
      ${
        a.calendar
          ? html`<dt>${t('agreements.calendar')}</dt>
              <dd>${a.calendar.name} (${a.calendar.timezone})</dd>`
          : null
      }
    </dl>
    <h3>${t('agreements.services')}</h3>
    ${
      a.services.length
        ? html`<ul class="services">
            ${a.services.map((s) => html`<li>${s.name}</li>`)}
          </ul>`
        : html`<p class="muted">${t('agreements.noServices')}</p>`
    }
    <h3>${t('agreements.targets')}</h3>
    ${
      a.targets.length
        ? html`<table class="targets">
              <thead>
                <tr>
                  <th scope="col">${t('agreements.priority')}</th>
                  <th scope="col">${t('agreements.reaction')}</th>
                  <th scope="col">${t('agreements.resolution')}</th>
                </tr>
              </thead>
              <tbody>
                ${a.targets.map(
                  (x) =>
                    html`<tr>
                      <th scope="row">
                        ${x.priority} — ${t(`priority.${x.priority}`)}
                        ${x.type ? html`<span class="muted"> · ${t(`type.${x.type}`)}</span>` : null}
                      </th>
                      <td>${x.reactionMinutes === null ? '—' : formatMinutes(x.reactionMinutes)}</td>
                      <td>${x.resolutionMinutes === null ? '—' : formatMinutes(x.resolutionMinutes)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
            <p class="hint">${t('agreements.businessTime')}</p>`
        : html`<p class="muted">${t('agreements.noTargets')}</p>`
    }
  </article>`;
}
