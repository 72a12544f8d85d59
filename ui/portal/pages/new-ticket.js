import { useState } from 'preact/hooks';
import { api, errorMessage } from '../api.js';
import {
  ErrorAlert,
  FilePicker,
  filesForm,
  html,
  Loading,
  PageHeading,
  setFlash,
  TextField,
  useLoad,
} from '../components.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';

const priorities = ['P1', 'P2', 'P3', 'P4'];
export const MAX_FILES = 10;

/**
 * A new request: on a service of one of the organization's agreements. Services not under an active agreement
 * are listed but cannot be chosen, each with the sentence the server gives for why (the agreement and its
 * state); if one still reaches the server (a page opened before the agreement ended), its refusal is shown
 * above the button.
 */
export function NewTicketPage() {
  const services = useLoad(() => api.get('/services'), []);
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [priority, setPriority] = useState('P3');
  const [files, setFiles] = useState(/** @type {File[]} */ ([]));
  const [error, setError] = useState(/** @type {unknown} */ (null));
  const [busy, setBusy] = useState(false);

  const items = services.data?.items ?? [];
  const available = items.filter((s) => s.available);
  const unavailable = items.filter((s) => !s.available);
  const chosen = serviceId || (available.length === 1 ? String(available[0].id) : '');

  /** @param {Event} e */
  const submit = async (e) => {
    e.preventDefault();
    if (files.length > MAX_FILES) return setError(t('attach.tooMany', { max: MAX_FILES }));
    setBusy(true);
    setError(null);
    let ticket;
    try {
      ticket = await api.post('/tickets', {
        subject: subject.trim(),
        description: description.trim(),
        serviceId: Number(chosen),
        priority,
      });
    } catch (err) {
      setError(err);
      setBusy(false);
      return;
    }
    if (files.length) {
      try {
        await api.upload(`/tickets/${ticket.id}/attachments`, filesForm(files));
      } catch (err) {
        // The request is filed either way: the contact attaches the files again on its page.
        setFlash(t('new.filedNoFiles', { number: ticket.number, reason: errorMessage(err) }), 'error');
        navigate(`/portal/tickets/${ticket.id}`);
        return;
      }
    }
    setFlash(t('new.filed', { number: ticket.number }));
    navigate(`/portal/tickets/${ticket.id}`);
  };

  return html`<section class="page narrow">
    <${PageHeading}>${t('new.title')}<//>
    <${ErrorAlert} error=${services.error} />
    ${
      services.loading && !services.data
        ? html`<${Loading} />`
        : services.data && items.length === 0
          ? html`<div class="empty">
              <p><strong>${t('new.noServices')}</strong></p>
              <p>${t('new.noServicesHint')}</p>
            </div>`
          : services.data &&
            html`<form class="stack form" onSubmit=${submit}>
              <label>
                <span>${t('new.service')}</span>
                <select
                  name="serviceId"
                  required
                  value=${chosen}
                  aria-describedby=${unavailable.length ? 'unavailable-services' : undefined}
                  onChange=${(e) => setServiceId(e.currentTarget.value)}
                >
                  <option value="" disabled>${t('new.chooseService')}</option>
                  ${items.map(
                    (s) =>
                      html`<option value=${String(s.id)} disabled=${!s.available}>
                        ${s.available ? s.name : `${s.name} — ${t('new.unavailable')}`}
                      </option>`,
                  )}
                </select>
              </label>
              ${available.length === 0 ? html`<p class="alert" role="alert">${t('new.noneAvailable')}</p>` : null}
              ${
                unavailable.length
                  ? html`<div id="unavailable-services" class="unavailable">
                      <p>${t('new.unavailableLead')}</p>
                      <ul>
                        ${unavailable.map(
                          (s) =>
                            html`<li data-service=${s.id}>
                              <strong>${s.name}</strong>: ${s.reason ?? t('new.noAgreement')}
                            </li>`,
                        )}
                      </ul>
                    </div>`
                  : null
              }
              <${TextField}
                label=${t('new.subject')}
                name="subject"
                required
                maxlength="300"
                value=${subject}
                onValue=${setSubject}
              />
              <label>
                <span>${t('new.description')}</span>
                <textarea
                  name="description"
                  required
                  rows="7"
                  value=${description}
                  onInput=${(e) => setDescription(e.currentTarget.value)}
                ></textarea>
              </label>
              <label>
                <span>${t('new.priority')}</span>
                <select name="priority" value=${priority} onChange=${(e) => setPriority(e.currentTarget.value)}>
                  ${priorities.map((p) => html`<option value=${p}>${p} — ${t(`priority.${p}`)}</option>`)}
                </select>
              </label>
              <${FilePicker} label=${t('attach.label')} hintId="new-files-hint" files=${files} onFiles=${setFiles} />
              <p id="new-files-hint" class="hint">${t('attach.hint', { max: MAX_FILES })}</p>
              <${ErrorAlert} error=${error} />
              <div class="form-actions">
                <button type="submit" class="primary" disabled=${busy || available.length === 0}>
                  ${busy ? t('new.sending') : t('new.submit')}
                </button>
                <a class="button" href="/portal/">${t('common.cancel')}</a>
              </div>
            </form>`
    }
  </section>`;
}
