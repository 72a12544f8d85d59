import { html } from '../html.js';
import { api } from '../api.js';
import { loadMessages, t, tn } from '../i18n.js';
import { formatDate } from '../format.js';
import { useData } from './use-data.js';
import { ErrorBox } from './error.js';
import { loadStyles } from './lazy.js';

// Loads with the first ticket or client opened (lazyPage waits for `ready`): the desk's first load stays small.
await loadMessages('surveys');
export const ready = loadStyles('/app/styles/surveys.css');

/** A 404 means "no survey": that is an answer here, not an error. */
const orNull = (promise) => promise.catch((err) => (err?.status === 404 ? null : Promise.reject(err)));

/** One score as a badge: the figure, out of five, coloured from poor to excellent, with its word. */
export function ScoreBadge({ score }) {
  return html`<span class=${`csat-badge csat-${score}`}>★ ${t('csat.score', { score })}</span>
    <span class="csat-word">${t(`csat.score.${score}`)}</span>`;
}

/** The ticket's satisfaction in its details panel: the contact's score and comment, or that the survey waits. */
export function TicketSatisfaction({ ticketId, status }) {
  const { data, error } = useData(() => orNull(api.get(`/tickets/${ticketId}/satisfaction`)), [ticketId, status]);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return null;
  return html`<div class="csat-ticket" aria-label=${t('csat.ticketLabel')}>
    <div class="csat-label">${t('csat.ticketLabel')}</div>
    ${
      data.score === null
        ? html`<p class="muted">${t('csat.waiting', { date: formatDate(data.sentAt) })}</p>`
        : html`<p>
            <${ScoreBadge} score=${data.score} />
            <span class="muted small"> · ${t('csat.answered', { date: formatDate(data.answeredAt) })}</span>
          </p>`
    }
    ${data.comment && html`<blockquote class="csat-comment">${data.comment}</blockquote>`}
  </div>`;
}

const DAY = 86_400_000;

/** A client's satisfaction over the last 90 days: the average, how many answered, and how the scores spread. */
export function OrganizationSatisfaction({ orgId }) {
  const from = new Date(Date.now() - 90 * DAY).toISOString().slice(0, 10);
  const { data, error } = useData(() => api.get(`/organizations/${orgId}/satisfaction?from=${from}`), [orgId]);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<p class="muted">${t('common.loading')}</p>`;
  const most = Math.max(1, ...Object.values(data.distribution));
  return html`<section class="card csat-org" aria-labelledby="csat-title">
    <h2 id="csat-title" class="csat-org-title">
      ${t('csat.title')} <span class="muted small">${t('csat.orgPeriod')}</span>
    </h2>
    ${
      data.count === 0
        ? html`<p class="empty">${t('csat.orgEmpty')}</p>`
        : html`<p class="csat-average">
              <strong
                >${t('csat.average', { average: data.average.toLocaleString(document.documentElement.lang) })}</strong
              >
              <span class="muted"> · ${tn('csat.answers', data.count)}</span>
            </p>
            <table class="csat-distribution">
              <caption class="muted small">
                ${t('csat.distribution')}
              </caption>
              <tbody>
                ${[5, 4, 3, 2, 1].map(
                  (s) =>
                    html`<tr>
                      <th scope="row"><${ScoreBadge} score=${s} /></th>
                      <td class="csat-bar-cell">
                        <span class="csat-bar" style=${{ width: `${(data.distribution[s] / most) * 100}%` }}></span>
                      </td>
                      <td class="num">${data.distribution[s]}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
    }
  </section>`;
}
