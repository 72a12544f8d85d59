import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { FieldError } from '../../components/intervals.js';
import { useSubmit } from '../../components/use-submit.js';
import { eventLabel, label } from './notification-words.js';

/** Where a server message about a template belongs, in the viewer's language. */
function templateErrors(problem, form) {
  const out = {};
  const add = (field, text) => (out[field] = out[field] ? `${out[field]}; ${text}` : text);
  for (const e of problem?.errors ?? []) {
    const unknown = /^\{\{(.+)\}\} is not a variable$/.exec(e.message);
    if (unknown) {
      const name = unknown[1];
      const used = new RegExp(`\\{\\{\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\}\\}`);
      add(
        used.test(form.subject) && !used.test(form.body) ? 'subject' : 'body',
        t('mail.tpl.err.unknownVar', { name: `{{${name}}}` }),
      );
    } else if (/subject$/.test(e.path))
      add('subject', /line breaks/.test(e.message) ? t('mail.tpl.err.oneLine') : e.message);
    else add('body', e.message);
  }
  return out;
}

/** One template of one language: subject and text, the variables to insert, save and reset to the built-in one. */
export function TemplateEditor({ view, onChange, onDirty }) {
  const [form, setForm] = useState({ subject: view.subject, body: view.body });
  const [errors, setErrors] = useState(/** @type {Record<string, string>} */ ({}));
  const [notice, setNotice] = useState('');
  const subjectRef = useRef(null);
  const bodyRef = useRef(null);
  const lastField = useRef('body');
  const dirty = form.subject !== view.subject || form.body !== view.body;
  useEffect(() => {
    onDirty(dirty);
  }, [dirty]);
  useEffect(
    () => () => {
      onDirty(false);
    },
    [],
  );
  const eventName = eventLabel(view.event);
  const path = `/notification-templates/${encodeURIComponent(view.event)}/${view.language}`;

  const set = (field) => (e) => {
    setForm((f) => ({ ...f, [field]: e.target.value }));
    setNotice('');
  };
  /** Puts `{{name}}` where the cursor was in the subject or the text (the text when neither had it). */
  const insert = (name) => {
    const field = lastField.current;
    const el = (field === 'subject' ? subjectRef : bodyRef).current;
    const token = `{{${name}}}`;
    const value = form[field];
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    setForm((f) => ({ ...f, [field]: value.slice(0, start) + token + value.slice(end) }));
    setNotice('');
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };
  const act = useSubmit(async (/** @type {() => Promise<any>} */ work, /** @type {string} */ done) => {
    try {
      const next = await work();
      setForm({ subject: next.subject, body: next.body });
      setErrors({});
      setNotice(done);
      onChange(next);
    } catch (err) {
      const fields = templateErrors(err.problem, form);
      setErrors(fields);
      setNotice('');
      throw Object.keys(fields).length ? new Error(t('mail.tpl.refused')) : err;
    }
  });
  const save = (e) => {
    e.preventDefault();
    act.run(() => api.put(path, form), t('mail.tpl.saved'));
  };
  const reset = () => {
    if (!confirm(t('mail.tpl.resetConfirm', { event: eventName, language: t(`mail.lang.${view.language}`) }))) return;
    act.run(() => api.del(path), t('mail.tpl.resetDone'));
  };
  const field = (name) => ({
    ref: name === 'subject' ? subjectRef : bodyRef,
    name: `template-${name}`,
    value: form[name],
    onInput: set(name),
    onFocus: () => (lastField.current = name),
    'aria-invalid': errors[name] ? 'true' : undefined,
    'aria-describedby': errors[name] ? `template-${name}-error` : undefined,
  });

  return html`<form
    class="template-editor"
    data-template=${`${view.event}|${view.language}`}
    onSubmit=${save}
    novalidate
  >
    <div class="template-state">
      <h2>${eventName} <span class="muted">· ${t(`mail.lang.${view.language}`)}</span></h2>
      <span
        class=${`chip ${view.overridden ? 'tpl-overridden' : 'tpl-default'}`}
        data-overridden=${String(view.overridden)}
        >${t(view.overridden ? 'mail.tpl.overridden' : 'mail.tpl.builtIn')}</span
      >
      <span class="muted">${t(view.overridden ? 'mail.tpl.overriddenNote' : 'mail.tpl.builtInNote')}</span>
    </div>
    <label class="template-field"
      >${t('mail.tpl.subject')}
      <input type="text" maxlength="500" ...${field('subject')} />
      <${FieldError} id="template-subject-error" error=${errors.subject}
    /></label>
    <label class="template-field"
      >${t('mail.tpl.body')}
      <textarea rows="10" maxlength="20000" ...${field('body')}></textarea>
      <${FieldError} id="template-body-error" error=${errors.body}
    /></label>
    <div class="variables" role="group" aria-label=${t('mail.tpl.variables')}>
      <span class="muted">${t('mail.tpl.variables')}: </span>
      ${view.variables.map(
        (v) =>
          html`<button
            type="button"
            class="var-chip"
            data-var=${v}
            title=${label(`mail.var.${v}`, v)}
            aria-label=${t('mail.tpl.insert', { name: `{{${v}}}` })}
            onMouseDown=${(e) => e.preventDefault()}
            onClick=${() => insert(v)}
          >
            {{${v}}}
          </button>`,
      )}
      <div class="hint">${t('mail.tpl.variablesHint')}</div>
    </div>
    <details class="template-default">
      <summary>${t('mail.tpl.showDefault')}</summary>
      <div class="mail-subject">${view.default.subject}</div>
      <pre class="mail-text">${view.default.body}</pre>
    </details>
    <${ErrorBox} error=${act.error} />
    <div class="save-bar">
      ${dirty && html`<span class="badge unsaved">${t('mail.unsaved')}</span>`}
      ${notice && !dirty && html`<span class="saved-note" role="status">${notice}</span>`}
      <button type="button" data-action="reset-template" disabled=${act.busy || !view.overridden} onClick=${reset}>
        ${t('mail.tpl.reset')}
      </button>
      <button
        type="button"
        disabled=${act.busy || !dirty}
        onClick=${() => {
          setForm({ subject: view.subject, body: view.body });
          setErrors({});
          act.setError(null);
        }}
      >
        ${t('mail.revert')}
      </button>
      <button type="submit" class="primary" data-action="save-template" disabled=${act.busy || !dirty}>
        ${t('mail.tpl.save')}
      </button>
    </div>
  </form>`;
}
