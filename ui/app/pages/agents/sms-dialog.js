import { useRef, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { Dialog } from '../../components/dialog.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { SMS_TEXT_MAX, problemText } from './agent-form.js';

/** The SMS dialog of an agent card: text with a counter, this month's count and cap, the outcome of sending. */
export function SmsDialog({ agent, onClose }) {
  const [text, setText] = useState('');
  const [queued, setQueued] = useState(null);
  const [version, setVersion] = useState(0);
  const textarea = useRef(/** @type {HTMLTextAreaElement | null} */ (null));
  const counters = useData(() => api.get('/sms/counters'), [version]);
  const length = text.trim().length;
  const send = useSubmit(async () => {
    if (!length || length > SMS_TEXT_MAX) return;
    try {
      setQueued(await api.post(`/agents/${agent.id}/sms`, { text }));
      setText('');
    } finally {
      setVersion((v) => v + 1);
      // The Send button was disabled while sending, which drops the focus out of the dialog: bring it back.
      textarea.current?.focus();
    }
  });
  const error = /** @type {any} */ (send.error);
  const c = counters.data;
  return html`<${Dialog} title=${t('ppl.sms.title', { name: agent.name })} onClose=${onClose}>
    <form class="sms-form" onSubmit=${send.onSubmit} novalidate>
      <p class="muted">${t('ppl.sms.to', { phone: agent.phone })}</p>
      <label for="sms-text">${t('ppl.sms.text')}</label>
      <textarea
        ref=${textarea}
        id="sms-text"
        name="text"
        rows="5"
        maxlength=${SMS_TEXT_MAX}
        value=${text}
        aria-describedby="sms-count"
        onInput=${(e) => {
          setText(e.target.value);
          setQueued(null);
        }}
      ></textarea>
      <div class="sms-meta">
        <span id="sms-count" class=${`sms-count${length > SMS_TEXT_MAX ? ' over' : ''}`} aria-live="polite"
          >${t('ppl.sms.count', { n: text.length, max: SMS_TEXT_MAX })}</span
        >
        ${
          c &&
          html`<span class="muted sms-usage" data-sms-sent=${c.sent} data-sms-cap=${c.cap ?? ''}
            >${t('ppl.sms.month', { month: c.month, sent: c.sent, refused: c.refused })}
            ${' '}${c.cap === null ? t('ppl.sms.noCap') : t('ppl.sms.cap', { cap: c.cap })}</span
          >`
        }
      </div>
      ${c && c.provider === 'unconfigured' && html`<p class="hint">${t('ppl.sms.unconfigured')}</p>`}
      <${ErrorBox} error=${counters.error && { message: problemText(counters.error) }} />
      ${error && html`<div class="error" role="alert" data-sms-error=${error.status}>${t('ppl.sms.refused', { reason: problemText(error) })}</div>`}
      ${queued && html`<div class="success" role="status" data-outbox-id=${queued.outboxId}>${t('ppl.sms.queued', { id: queued.outboxId, to: queued.to })}</div>`}
      <div class="people-actions">
        <button type="button" onClick=${onClose}>${t('ppl.sms.close')}</button>
        <button type="submit" class="primary" disabled=${send.busy || !length}>
          ${send.busy ? t('ppl.sms.sending') : t('ppl.sms.send')}
        </button>
      </div>
    </form>
  <//>`;
}
