import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { language, t } from '../i18n.js';
import { ErrorBox } from '../components/error.js';
import { useData } from '../components/use-data.js';
import { useSubmit } from '../components/use-submit.js';
import { formatShort } from '../format.js';

/** A counter's name in the desk's language; one the catalogue does not know yet is shown as the job wrote it. */
function counterName(key) {
  const name = t(`jobs.counter.${key}`);
  return name === `jobs.counter.${key}` ? key : name;
}

/** A run's result in one line: the counts a job reports, e.g. "checked 12 · warnings 1 · breaches 0". */
function summary(result) {
  if (result === null || result === undefined) return '';
  if (typeof result !== 'object') return String(result);
  return Object.entries(result)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
    .map(([k, v]) => `${counterName(k)} ${typeof v === 'number' ? v.toLocaleString(language()) : v}`)
    .join(' · ');
}

function duration(run) {
  if (!run.finishedAt) return '';
  const ms = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return ms < 1000
    ? t('jobs.ms', { n: ms })
    : t('jobs.seconds', {
        n: (ms / 1000).toLocaleString(language(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
      });
}

function Job({ job, onRan }) {
  const [open, setOpen] = useState(false);
  const last = job.runs[0];
  const runNow = useSubmit(async () => {
    const outcome = await api.post(`/jobs/${encodeURIComponent(job.name)}/run`);
    onRan();
    // A run that did not happen (another was still running) is said as an error, and the list is read again.
    if (outcome.status === 'skipped') throw new Error(t('jobs.skipped'));
  });
  return html`<section class="card job" data-job=${job.name}>
    <header class="job-head">
      <h2>${job.name}</h2>
      <code title=${t('jobs.schedule')}>${job.schedule}</code>
      <button class="button" disabled=${runNow.busy} onClick=${() => runNow.run()}>
        ${runNow.busy ? t('jobs.running') : t('jobs.runNow')}
      </button>
    </header>
    <p class="muted">
      ${t(`jobs.about.${job.name}`) === `jobs.about.${job.name}` ? job.description : t(`jobs.about.${job.name}`)}
    </p>
    <${ErrorBox} error=${runNow.error} />
    <p class="job-last">
      ${
        last
          ? html`<span
                class=${`chip ${last.status === 'ok' ? 'ok' : last.status === 'failed' ? 'breached' : 'warning'}`}
                >${t(`jobs.status.${last.status}`)}</span
              >
              ${formatShort(last.startedAt)} · ${duration(last)} · ${last.error ?? summary(last.result)}`
          : t('jobs.never')
      }
    </p>
    ${job.runs.length > 1 && html`<button class="link" aria-expanded=${open} onClick=${() => setOpen(!open)}>${open ? t('jobs.hideRuns') : t('jobs.showRuns')}</button>`}
    ${
      open &&
      html`<table class="table">
        <thead>
          <tr>
            <th>${t('jobs.started')}</th>
            <th>${t('jobs.trigger')}</th>
            <th>${t('jobs.result')}</th>
            <th>${t('jobs.took')}</th>
          </tr>
        </thead>
        <tbody>
          ${job.runs.map(
            (r) =>
              html`<tr>
                <td>${formatShort(r.startedAt)}</td>
                <td>${t(`jobs.trigger.${r.trigger}`)}</td>
                <td>
                  ${t(`jobs.status.${r.status}`)}${r.error ? `: ${r.error}` : r.result ? `: ${summary(r.result)}` : ''}
                </td>
                <td>${duration(r)}</td>
              </tr>`,
          )}
        </tbody>
      </table>`
    }
  </section>`;
}

/** Scheduled jobs for admins: what runs when, how the last runs went, and a button to run one now. */
export function JobsPage() {
  const { data, error, reload } = useData(() => api.get('/jobs'), []);
  return html`<div class="page">
    <h1>${t('jobs.title')}</h1>
    <${ErrorBox} error=${error} />
    ${data && data.items.map((job) => html`<${Job} key=${job.name} job=${job} onRan=${reload} />`)}
  </div>`;
}
