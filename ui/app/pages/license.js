import { useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { language, t, tn } from '../i18n.js';
import { formatDate, formatDay } from '../format.js';
import { ErrorBox } from '../components/error.js';
import { useData } from '../components/use-data.js';
import { useSubmit } from '../components/use-submit.js';
import { licenseWarningText } from '../license-warnings.js';
import { may } from '../session.js';
import { loadStyles } from '../components/lazy.js';
import { ClusterNodes } from './license-cluster.js';

export const ready = loadStyles('/app/styles/license.css');

const DAY_MS = 86_400_000;
const MAX_TOKEN_FILE = 64 * 1024;
const daysUntil = (iso) => Math.ceil((Date.parse(iso) - Date.now()) / DAY_MS);
const shortDay = (day) =>
  new Intl.DateTimeFormat(language() === 'ru' ? 'ru-RU' : 'en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
  }).format(new Date(`${day}T00:00:00Z`));

/** The mode in a sentence: what this installation may do now. */
function ModeLead({ s }) {
  if (s.mode === 'free') return html`<p class="lead">${t('lic.lead.free', { seats: s.seats.allowed })}</p>`;
  const customer = s.customer?.name ?? '';
  if (s.mode === 'licensed')
    return html`<p class="lead">
      ${t('lic.lead.licensed', { customer, tier: tierName(s.tier), date: formatDay(s.termEnd) })}
    </p>`;
  if (s.mode === 'grace')
    return html`<p class="lead">
      ${t('lic.lead.grace', { customer, termEnd: formatDay(s.termEnd), expiresAt: formatDay(s.expiresAt) })}
    </p>`;
  return html`<p class="lead">${t('lic.lead.expired', { customer, date: formatDay(s.expiresAt) })}</p>`;
}

function tierName(tier) {
  if (!tier) return '—';
  const key = `lic.tier.${tier}`;
  return t(key) === key ? tier : t(key);
}

/** Seats used of allowed, as a bar that turns amber when full and red when over. */
function SeatMeter({ seats }) {
  const share = seats.allowed > 0 ? seats.used / seats.allowed : 1;
  const tone = share > 1 ? 'over' : share === 1 ? 'full' : 'ok';
  return html`<div class="seat-meter">
    <div class="seat-numbers">
      <b data-seats-used>${seats.used}</b> <span class="muted">${t('lic.seatsOf', { allowed: seats.allowed })}</span>
    </div>
    <div
      class=${`meter-bar ${tone}`}
      role="meter"
      aria-valuemin="0"
      aria-valuemax=${seats.allowed}
      aria-valuenow=${seats.used}
      aria-label=${t('lic.seatsAria', { used: seats.used, allowed: seats.allowed })}
    >
      <span style=${`width: ${Math.min(100, Math.round(share * 100))}%`}></span>
    </div>
    <p class="hint">
      ${t(tone === 'over' ? 'lic.seatsOver' : tone === 'full' ? 'lic.seatsFull' : 'lic.seatsFree', { n: seats.allowed - seats.used })}
    </p>
  </div>`;
}

/** Daily peaks of active agents over the last 30 days, with the seat limit as a dashed line. */
function SeatChart({ usage, allowed }) {
  const today = new Date();
  const days = Array.from({ length: 30 }, (_, i) =>
    new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 29 + i))
      .toISOString()
      .slice(0, 10),
  );
  const byDay = new Map(usage.map((u) => [u.day, u.maxActive]));
  const peak = Math.max(0, ...usage.map((u) => u.maxActive));
  const top = Math.max(allowed, peak, 1) * 1.15;
  const W = 300;
  const H = 72;
  const plotTop = 4;
  const plotBottom = 71;
  const y = (v) => plotBottom - (v / top) * (plotBottom - plotTop);
  const step = W / days.length;
  const peakDay = usage.find((u) => u.maxActive === peak)?.day;
  const summary = usage.length
    ? t('lic.chart.summary', { peak, date: shortDay(peakDay), allowed })
    : t('lic.chart.empty');
  return html`<figure class="seat-chart">
    <svg
      viewBox=${`0 0 ${W} ${H}`}
      role="img"
      aria-label=${`${t('lic.chart.title')}: ${summary}`}
      preserveAspectRatio="none"
    >
      <line x1="0" x2=${W} y1=${plotBottom} y2=${plotBottom} class="axis" />
      ${days.map((day, i) => {
        const v = byDay.get(day);
        const x = i * step + step * 0.15;
        const w = step * 0.7;
        if (v === undefined)
          return html`<rect x=${x} y=${plotBottom - 2} width=${w} height="2" class="no-data"
            ><title>${shortDay(day)}: ${t('lic.chart.noData')}</title></rect
          >`;
        return html`<rect
          x=${x}
          y=${y(v)}
          width=${w}
          height=${Math.max(1, plotBottom - y(v))}
          class=${v > allowed ? 'bar over' : 'bar'}
        >
          <title>${shortDay(day)}: ${tn('lic.chart.active', v)}</title></rect
        >`;
      })}
      <line x1="0" x2=${W} y1=${y(allowed)} y2=${y(allowed)} class="limit" />
    </svg>
    <div class="chart-ticks" aria-hidden="true">
      <span>${shortDay(days[0])}</span><span class="limit-key">${t('lic.chart.limit', { n: allowed })}</span
      ><span>${shortDay(days[days.length - 1])}</span>
    </div>
    <figcaption class="hint">${summary}</figcaption>
  </figure>`;
}

/** This node's id, to send to the vendor, with a copy button that works on plain-HTTP appliances too. */
function NodeId({ nodeId }) {
  const input = useRef(null);
  const [copied, setCopied] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(nodeId);
      setCopied(t('lic.copied'));
    } catch {
      // No clipboard API outside secure contexts: select the text and copy the old way.
      input.current?.select();
      setCopied(document.execCommand('copy') ? t('lic.copied') : t('lic.copyManually'));
    }
  };
  return html`<div class="node-id">
    <label for="node-id">${t('lic.thisNode')}</label>
    <div class="node-id-row">
      <input id="node-id" ref=${input} class="code" readonly value=${nodeId} onFocus=${(e) => e.target.select()} />
      <button type="button" onClick=${copy}>${t('lic.copy')}</button>
    </div>
    <span class="saved-note" role="status">${copied}</span>
  </div>`;
}

function Nodes({ s, canManage, onChanged }) {
  const removal = useSubmit(async (/** @type {string} */ nodeId) => {
    await api.del(`/license/nodes/${encodeURIComponent(nodeId)}`);
    onChanged();
  });
  const remove = (nodeId) => confirm(t('lic.removeConfirm', { nodeId })) && removal.run(nodeId);
  const registered = s.nodes.registered;
  return html`<section class="card" aria-labelledby="nodes-title">
    <h2 id="nodes-title">${t('lic.nodes')}</h2>
    <${NodeId} nodeId=${s.nodeId} />
    <p class=${s.nodeLicensed ? 'node-state ok' : 'node-state'}>
      ${t(s.nodeLicensed ? 'lic.nodeLicensed' : s.licenseId ? 'lic.nodeNotLicensed' : 'lic.nodeFree')}
    </p>
    ${!s.nodeLicensed && html`<p class="hint">${t('lic.nodeInstruction')}</p>`}
    <h3>${t('lic.registered', { n: registered.length, allowed: s.nodes.allowed })}</h3>
    ${
      registered.length === 0
        ? html`<p class="muted">${t(s.licenseId ? 'lic.noNodes' : 'lic.noNodesFree')}</p>`
        : html`<table class="grid compact nodes-table">
            <thead>
              <tr>
                <th>${t('lic.nodeCol')}</th>
                <th>${t('lic.appliedCol')}</th>
                <th>${t('lic.validCol')}</th>
                ${canManage && html`<th><span class="visually-hidden">${t('lic.actionsCol')}</span></th>`}
              </tr>
            </thead>
            <tbody>
              ${registered.map(
                (n) =>
                  html`<tr>
                    <td>
                      <code>${n.nodeId}</code
                      >${n.nodeId === s.nodeId && html` <span class="badge">${t('lic.thisNodeBadge')}</span>`}
                    </td>
                    <td class="nowrap">${formatDate(n.appliedAt)}</td>
                    <td class="nowrap">${formatDay(n.expiresAt)}</td>
                    ${canManage && html`<td class="num"><button type="button" class="danger" disabled=${removal.busy} aria-label=${t('lic.removeNode', { nodeId: n.nodeId })} onClick=${() => remove(n.nodeId)}>${t('lic.remove')}</button></td>`}
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    <${ErrorBox} error=${removal.error} />
  </section>`;
}

/** Paste a token or read it from the vendor's file (in the browser: the file never leaves it but as the token). */
function ApplyToken({ onApplied }) {
  const [token, setToken] = useState('');
  const [result, setResult] = useState(null);
  // What is wrong before anything is sent (no token, a file too large or unreadable); the server's refusal is apply.error.
  const [problem, setProblem] = useState('');
  const [fileName, setFileName] = useState('');
  const apply = useSubmit(async (/** @type {HTMLFormElement} */ form) => {
    setResult(null);
    try {
      const applied = await api.post('/license', { token: token.trim() });
      setResult(applied);
      setToken('');
      setFileName('');
      form.reset();
      onApplied();
    } catch (err) {
      throw err.problem?.code === 'token_refused'
        ? new Error(t('lic.refused', { reason: err.problem.reason ?? err.message }))
        : err;
    }
  });
  const error = problem || apply.error;
  const readFile = async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    setResult(null);
    setFileName(file.name);
    apply.setError(null);
    if (file.size > MAX_TOKEN_FILE) {
      setProblem(t('lic.fileTooLarge', { name: file.name }));
      e.target.value = '';
      return;
    }
    setProblem('');
    try {
      setToken((await file.text()).trim());
    } catch (err) {
      setProblem(err.message || String(err));
    }
  };
  const submit = (e) => {
    e.preventDefault();
    if (!token.trim()) {
      setProblem(t('lic.tokenRequired'));
      return;
    }
    setProblem('');
    apply.run(e.currentTarget);
  };
  return html`<section class="card apply-token" aria-labelledby="apply-title">
    <h2 id="apply-title">${t('lic.apply')}</h2>
    <form onSubmit=${submit} novalidate>
      <label for="license-token">${t('lic.tokenLabel')}</label>
      <textarea
        id="license-token"
        name="token"
        class="code"
        rows="5"
        spellcheck="false"
        autocomplete="off"
        value=${token}
        placeholder="eyJhbGciOiJFZERTQSIs…"
        aria-describedby="token-hint"
        aria-invalid=${error ? 'true' : undefined}
        onInput=${(e) => {
          setToken(e.target.value);
          setProblem('');
          apply.setError(null);
        }}
      ></textarea>
      <p class="hint" id="token-hint">${t('lic.tokenHint')}</p>
      <div class="apply-row">
        <span class="file-pick"
          >${t('lic.fromFile')}
          <label class="button file-button"
            >${t('lic.chooseFile')}<input
              type="file"
              name="tokenFile"
              class="visually-hidden"
              accept=".jwt,.token,.txt,.lic,text/plain"
              onChange=${readFile}
          /></label>
          <span class="file-name">${fileName || t('lic.noFile')}</span></span
        >
        <button type="submit" class="primary" disabled=${apply.busy}>${t('lic.applyButton')}</button>
      </div>
    </form>
    <${ErrorBox} error=${error} class="token-error" />
    ${
      result &&
      html`<div class="success" role="status">
        <b>${t(`lic.applied.${result.kind}`, { id: result.id })}</b>
        <div class="muted server-message">${result.message}</div>
      </div>`
    }
  </section>`;
}

function Features({ features, mode }) {
  let body;
  if (features === 'all') body = html`<p>${t('lic.featuresAll')}</p>`;
  else if (features.length === 0)
    body = html`<p class="muted">${t(mode === 'expired' ? 'lic.featuresExpired' : 'lic.featuresNone')}</p>`;
  else
    body = html`<ul class="feature-list">
        ${features.map((f) => html`<li><span class="chip feature">${f}</span></li>`)}
      </ul>
      <p class="hint">${t('lic.featuresHint')}</p>`;
  return html`<section class="card" aria-labelledby="features-title">
    <h2 id="features-title">${t('lic.features')}</h2>
    ${body}
  </section>`;
}

/** Beside the build date: a staging build and the extra keys it trusts. */
function StagingNote({ build }) {
  if (build?.kind !== 'staging') return null;
  return html` <span class="chip staging-chip" data-build-kind="staging"
    >${t('lic.buildStaging', { keys: build.extraKeyIds.join(', ') })}</span
  >`;
}

function Details({ s }) {
  if (!s.licenseId) {
    return html`<section class="card" aria-labelledby="details-title">
      <h2 id="details-title">${t('lic.details')}</h2>
      <p>${t('lic.noLicense')}</p>
      <dl class="facts">
        <dt>${t('lic.build')}</dt>
        <dd>${formatDay(s.buildDate)}<${StagingNote} build=${s.build} /></dd>
      </dl>
    </section>`;
  }
  const left = s.termEnd ? daysUntil(s.termEnd) : null;
  return html`<section class="card" aria-labelledby="details-title">
    <h2 id="details-title">${t('lic.details')}</h2>
    <dl class="facts license-facts">
      <dt>${t('lic.customer')}</dt>
      <dd data-customer>
        <b>${s.customer?.name ?? '—'}</b> ${s.customer && html`<span class="muted">(${s.customer.id})</span>`}
      </dd>
      <dt>${t('lic.tier')}</dt>
      <dd>${tierName(s.tier)}</dd>
      <dt>${t('lic.termEnd')}</dt>
      <dd data-term-end>
        ${formatDay(s.termEnd)}${' '}${left !== null && html`<span class=${left <= 0 ? 'bad' : left <= 60 ? 'warn' : 'muted'}>(${left > 0 ? tn('lic.daysLeft', left) : t('lic.ended')})</span>`}
      </dd>
      <dt>${t('lic.expiresAt')}</dt>
      <dd>${formatDay(s.expiresAt)}</dd>
      <dt>${t('lic.upgradesUntil')}</dt>
      <dd>
        ${formatDay(s.upgradesUntil)} <span class="muted">· ${t('lic.buildOf', { date: formatDay(s.buildDate) })}</span
        ><${StagingNote} build=${s.build} />
      </dd>
      <dt>${t('lic.licenseId')}</dt>
      <dd><code>${s.licenseId}</code></dd>
    </dl>
  </section>`;
}

export function LicensePage({ me }) {
  const { data: s, error, reload } = useData(() => api.get('/license'), []);
  const canManage = may(me, 'license.manage');
  const changed = () => {
    reload();
    window.dispatchEvent(new Event('ondesk:license-changed'));
  };
  if (error)
    return html`<section>
      <h1>${t('lic.title')}</h1>
      <${ErrorBox} error=${error} />
    </section>`;
  if (!s) return html`<p class="muted">${t('common.loading')}</p>`;
  return html`<section class="license-page">
    <div class="page-head">
      <h1>${t('lic.title')}</h1>
      <span class=${`chip mode mode-${s.mode}`} data-mode=${s.mode}>${t(`lic.mode.${s.mode}`)}</span>
    </div>
    <${ModeLead} s=${s} />
    ${
      s.warnings.length > 0 &&
      html`<ul class="license-warnings">
        ${s.warnings.map(
          (w) =>
            html`<li
              class=${`license-warning level-${w.level}`}
              data-code=${w.code}
              role=${w.level === 'critical' ? 'alert' : undefined}
            >
              ${licenseWarningText(w, s)}
            </li>`,
        )}
      </ul>`
    }
    <div class="license-grid">
      <${Details} s=${s} />
      <section class="card" aria-labelledby="seats-title">
        <h2 id="seats-title">${t('lic.seats')}</h2>
        <${SeatMeter} seats=${s.seats} />
        <h3>${t('lic.chart.title')}</h3>
        <${SeatChart} usage=${s.seatUsage} allowed=${s.seats.allowed} />
      </section>
      <${Nodes} s=${s} canManage=${canManage} onChanged=${changed} />
      <${Features} features=${s.features} mode=${s.mode} />
      ${may(me, 'cluster.read') && html`<${ClusterNodes} />`}
    </div>
    ${canManage ? html`<${ApplyToken} onApplied=${changed} />` : html`<p class="muted">${t('lic.readOnly')}</p>`}
  </section>`;
}
