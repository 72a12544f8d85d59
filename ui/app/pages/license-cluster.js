import { html } from '../html.js';
import { api } from '../api.js';
import { t, tn } from '../i18n.js';
import { formatDate } from '../format.js';
import { ErrorBox } from '../components/error.js';
import { useData } from '../components/use-data.js';

const STATE_CLASS = { live: 'ok', stale: 'bad', stopped: 'muted' };

/**
 * The server nodes running on this installation's database (GET /nodes, admins): which is live, where it answers,
 * which version it runs and which background work (scheduler, mailboxes) it holds now.
 */
export function ClusterNodes() {
  const { data, error } = useData(() => api.get('/nodes'), []);
  let body;
  if (error) body = html`<${ErrorBox} error=${error} />`;
  else if (!data) body = html`<p class="muted">${t('common.loading')}</p>`;
  else if (data.items.length === 0) body = html`<p class="muted" data-cluster-empty>${t('lic.cluster.empty')}</p>`;
  else
    // Three columns, so a phone shows the whole row: the version rides under the id, the leases under the state.
    body = html`<div style="overflow-x: auto">
      <table class="grid compact cluster-table">
        <thead>
          <tr>
            <th>${t('lic.nodeCol')}</th>
            <th>${t('lic.cluster.address')}</th>
            <th>${t('lic.cluster.state')}</th>
          </tr>
        </thead>
        <tbody>
          ${data.items.map(
            (n) =>
              html`<tr data-node=${n.nodeId}>
                <td style="overflow-wrap: anywhere">
                  <code>${n.nodeId}</code>${n.thisNode && html` <span class="badge">${t('lic.thisNodeBadge')}</span>`}
                  <div class="muted">${t('lic.cluster.versionOf', { version: n.version })}</div>
                </td>
                <td style="overflow-wrap: anywhere">
                  <code>${n.address}</code> <span class="muted">${n.hostname}</span>
                </td>
                <td>
                  <span class=${STATE_CLASS[n.state]} data-state=${n.state}>${t(`lic.cluster.${n.state}`)}</span>
                  <div class="muted" title=${formatDate(n.heartbeatAt)}>
                    ${tn('lic.cluster.heartbeat', n.heartbeatAgeSeconds)}
                  </div>
                  ${
                    n.leases.length > 0 &&
                    html`<div data-leases aria-label=${t('lic.cluster.leases')} title=${t('lic.cluster.leases')}>
                      ${n.leases.map((l) => html`<span class="chip">${l.name}</span> `)}
                    </div>`
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  // The whole width of the license grid: a node's id and address do not fit a third of it.
  return html`<section class="card" style="grid-column: 1 / -1" aria-labelledby="cluster-title">
    <h2 id="cluster-title">${t('lic.cluster.title')}</h2>
    ${data && html`<p class="hint">${t('lic.cluster.hint', { seconds: data.liveSeconds })}</p>`} ${body}
  </section>`;
}
