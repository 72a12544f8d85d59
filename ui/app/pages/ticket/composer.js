import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { loadMessages, t } from '../../i18n.js';
import { formatBytes } from '../../format.js';
import { ErrorBox } from '../../components/error.js';
import { FilePicker } from '../../components/file-picker.js';
import { useSubmit } from '../../components/use-submit.js';
import { useData } from '../../components/use-data.js';
import { loadStyles } from '../../components/lazy.js';
import { may } from '../../session.js';

export const ready = loadStyles('/app/styles/ticket.css');
await loadMessages('conversation');

/** The word being typed after an `@` right before the caret, or null. */
function mentionQuery(text, caret) {
  const m = /(?:^|\s)@([\p{L}\p{N}._-]*)$/u.exec(text.slice(0, caret));
  return m ? m[1] : null;
}

const splitCc = (text) =>
  text
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The reply box: public reply or internal note, CC, files that go with the message (picked, dropped or
 * pasted), canned replies and @mentions. Sticky at the bottom of the conversation so it is always at hand.
 * The ticket page drives it from the keyboard through the `ondesk:composer` event (reply, note, macro).
 * @param {{ ticketId: number, agents: any[], me: any, onSent: () => void, onPatch: (set: Record<string, unknown>) => Promise<void> }} props
 */
export function Composer({ ticketId, agents, me, onSent, onPatch }) {
  const [isPublic, setPublic] = useState(true);
  const [body, setBody] = useState('');
  const [cc, setCc] = useState('');
  const [files, setFiles] = useState(/** @type {File[]} */ ([]));
  const [dragging, setDragging] = useState(false);
  const [mention, setMention] = useState(/** @type {string | null} */ (null));
  const [mentioned, setMentioned] = useState(/** @type {Map<string, number>} */ (new Map()));
  const [notice, setNotice] = useState('');
  // A reply already stored whose files did not all upload: sending again uploads only what is left.
  const sentId = useRef(/** @type {number | null} */ (null));
  const text = useRef(/** @type {HTMLTextAreaElement | null} */ (null));
  const macroSelect = useRef(/** @type {HTMLSelectElement | null} */ (null));
  const macros = useData(() => api.get('/macros').then((r) => r.items), []);
  // Saving the text typed as a canned reply: null while closed, else the name being typed.
  const [macroName, setMacroName] = useState(/** @type {string | null} */ (null));
  const [macroShared, setMacroShared] = useState(false);
  const saveMacro = useSubmit(async () => {
    if (!macroName?.trim() || !body.trim()) return;
    await api.post('/macros', { name: macroName.trim(), body, shared: macroShared });
    setMacroName(null);
    setNotice(t('composer.macroSaved'));
    macros.reload();
  });

  useEffect(() => {
    /** @param {Event} e */
    const onCommand = (e) => {
      const what = /** @type {CustomEvent<string>} */ (e).detail;
      if (what === 'macro') macroSelect.current?.focus();
      else {
        setPublic(what === 'reply');
        text.current?.focus();
      }
    };
    window.addEventListener('ondesk:composer', onCommand);
    return () => window.removeEventListener('ondesk:composer', onCommand);
  }, []);

  const addFiles = (/** @type {File[]} */ list) => list.length && setFiles((old) => [...old, ...list]);

  const send = useSubmit(async () => {
    if (!body.trim() && sentId.current === null) return;
    setNotice('');
    if (sentId.current === null) {
      const mentionIds = isPublic
        ? []
        : [...mentioned].filter(([name]) => body.includes(`@${name}`)).map(([, id]) => id);
      const comment = await api.post(`/tickets/${ticketId}/comments`, {
        body,
        public: isPublic,
        ...(isPublic && splitCc(cc).length > 0 && { cc: splitCc(cc) }),
        ...(mentionIds.length > 0 && { mentionIds }),
      });
      sentId.current = comment.id;
      setBody('');
      setCc('');
      setMentioned(new Map());
    }
    const left = [...files];
    while (left.length) {
      const form = new FormData();
      form.append('commentId', String(sentId.current));
      form.append('file', left[0]);
      try {
        await api.upload(`/tickets/${ticketId}/attachments`, form);
      } catch (e) {
        setFiles(left);
        onSent();
        throw e;
      }
      left.shift();
    }
    sentId.current = null;
    setFiles([]);
    onSent();
  });

  const applyMacro = useSubmit(async (/** @type {string} */ id) => {
    const rendered = await api.get(`/macros/${id}/render?ticketId=${ticketId}`);
    setBody((old) => (old.trim() ? `${old.replace(/\s+$/, '')}\n\n${rendered.body}` : rendered.body));
    if (Object.keys(rendered.set).length > 0) {
      await onPatch(rendered.set);
      setNotice(t('composer.macroApplied'));
    }
    text.current?.focus();
  });

  const candidates =
    mention === null
      ? []
      : agents.filter((a) => a.active && a.name.toLowerCase().includes(mention.toLowerCase())).slice(0, 6);
  const pickMention = (/** @type {{ id: number, name: string }} */ agent) => {
    const el = text.current;
    const caret = el?.selectionStart ?? body.length;
    const before = body.slice(0, caret).replace(/@[\p{L}\p{N}._-]*$/u, `@${agent.name} `);
    const value = before + body.slice(caret);
    // The text and the caret change at once, in the element itself: keys typed right after the pick then land
    // after the name, not wherever a later frame would have put the caret.
    if (el) {
      el.value = value;
      el.focus();
      el.setSelectionRange(before.length, before.length);
    }
    setBody(value);
    setMentioned((m) => new Map(m).set(agent.name, agent.id));
    setMention(null);
  };

  return html`<form
    class=${`composer ${isPublic ? 'public' : 'internal'}${dragging ? ' dragging' : ''}`}
    onSubmit=${send.onSubmit}
    onDragOver=${(/** @type {DragEvent} */ e) => {
      if (e.dataTransfer?.types.includes('Files')) {
        e.preventDefault();
        setDragging(true);
      }
    }}
    onDragLeave=${() => setDragging(false)}
    onDrop=${(/** @type {DragEvent} */ e) => {
      e.preventDefault();
      setDragging(false);
      addFiles([...(e.dataTransfer?.files ?? [])]);
    }}
  >
    <div class="composer-top">
      <div class="tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected=${isPublic}
          class=${isPublic ? 'active' : ''}
          onClick=${() => setPublic(true)}
        >
          ${t('ticket.reply')} <kbd>r</kbd>
        </button>
        <button
          type="button"
          role="tab"
          aria-selected=${!isPublic}
          class=${!isPublic ? 'active' : ''}
          onClick=${() => setPublic(false)}
        >
          ${t('ticket.note')} <kbd>n</kbd>
        </button>
      </div>
      <label class="composer-macro">
        <span class="visually-hidden">${t('composer.macro')}</span>
        <select
          name="macro"
          ref=${macroSelect}
          disabled=${applyMacro.busy}
          value=""
          onChange=${(/** @type {Event} */ e) => {
            const select = /** @type {HTMLSelectElement} */ (e.currentTarget);
            const id = select.value;
            select.value = '';
            if (id) applyMacro.run(id);
          }}
        >
          <option value="">${t('composer.macro')} (m)</option>
          ${(macros.data ?? []).map((m) => html`<option value=${m.id}>${m.name}</option>`)}
        </select>
      </label>
      <button
        type="button"
        class="link"
        disabled=${!body.trim() || macroName !== null}
        onClick=${() => setMacroName('')}
      >
        ${t('composer.saveMacro')}
      </button>
    </div>
    ${
      macroName !== null &&
      html`<div class="composer-save-macro">
        <input
          type="text"
          name="macroName"
          aria-label=${t('composer.macroName')}
          placeholder=${t('composer.macroName')}
          value=${macroName}
          onInput=${(/** @type {Event} */ e) => setMacroName(/** @type {HTMLInputElement} */ (e.currentTarget).value)}
          onKeyDown=${(/** @type {KeyboardEvent} */ e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              saveMacro.run();
            }
          }}
        />
        ${
          may(me, 'macro.manage_shared') &&
          html`<label class="check"
            ><input
              type="checkbox"
              name="macroShared"
              checked=${macroShared}
              onChange=${(/** @type {Event} */ e) => setMacroShared(/** @type {HTMLInputElement} */ (e.currentTarget).checked)}
            />
            ${t('composer.macroShared')}</label
          >`
        }
        <button type="button" disabled=${saveMacro.busy || !macroName.trim()} onClick=${() => saveMacro.run()}>
          ${t('common.save')}
        </button>
        <button type="button" class="link" onClick=${() => setMacroName(null)}>${t('common.cancel')}</button>
        <${ErrorBox} error=${saveMacro.error} />
      </div>`
    }
    ${
      isPublic &&
      html`<label class="composer-cc"
        ><span>${t('composer.cc')}</span>
        <input
          type="text"
          name="cc"
          inputmode="email"
          autocomplete="off"
          value=${cc}
          placeholder=${t('composer.ccPlaceholder')}
          onInput=${(/** @type {Event} */ e) => setCc(/** @type {HTMLInputElement} */ (e.currentTarget).value)}
      /></label>`
    }
    <div class="composer-text">
      <textarea
        name="body"
        rows="4"
        ref=${text}
        value=${body}
        aria-label=${isPublic ? t('ticket.reply') : t('ticket.note')}
        onInput=${(/** @type {Event} */ e) => {
          const el = /** @type {HTMLTextAreaElement} */ (e.currentTarget);
          setBody(el.value);
          setMention(isPublic ? null : mentionQuery(el.value, el.selectionStart));
        }}
        onPaste=${(/** @type {ClipboardEvent} */ e) => {
          const pasted = [...(e.clipboardData?.files ?? [])];
          if (pasted.length) {
            e.preventDefault();
            addFiles(pasted);
          }
        }}
        onKeyDown=${(/** @type {KeyboardEvent} */ e) => {
          if (candidates.length && (e.key === 'Enter' || e.key === 'Tab')) {
            e.preventDefault();
            pickMention(candidates[0]);
          } else if (e.key === 'Escape') setMention(null);
          else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) send.onSubmit(e);
        }}
        placeholder=${isPublic ? t('ticket.replyPlaceholder') : t('composer.notePlaceholder')}
      ></textarea>
      ${
        candidates.length > 0 &&
        html`<ul class="mention-list" role="listbox" aria-label=${t('composer.mention')}>
          ${candidates.map(
            (a, i) =>
              html`<li role="option" aria-selected=${i === 0}>
                <button
                  type="button"
                  onMouseDown=${(/** @type {Event} */ e) => e.preventDefault()}
                  onClick=${() => pickMention(a)}
                >
                  <span class="avatar" aria-hidden="true">${initials(a.name)}</span> ${a.name}
                </button>
              </li>`,
          )}
        </ul>`
      }
    </div>
    ${
      files.length > 0 &&
      html`<ul class="composer-files" aria-label=${t('ticket.attachments')}>
        ${files.map(
          (f, i) =>
            html`<li>
              <span class="file-name">${f.name}</span> <span class="muted">${formatBytes(f.size)}</span>
              <button
                type="button"
                class="link"
                aria-label=${t('composer.removeFile', { name: f.name })}
                onClick=${() => setFiles((old) => old.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </li>`,
        )}
      </ul>`
    }
    <${ErrorBox} error=${send.error ?? applyMacro.error} />
    ${notice && html`<p class="muted" role="status">${notice}</p>`}
    <div class="composer-actions">
      <${FilePicker}
        key=${files.length}
        name="files"
        multiple
        label=${t('ticket.attach')}
        onFiles=${(/** @type {File[]} */ list, /** @type {HTMLInputElement} */ input) => {
          addFiles(list);
          input.value = '';
        }}
      />
      <span class="muted composer-hint">${t('composer.hint')}</span>
      <button class="primary" type="submit" disabled=${send.busy || (!body.trim() && sentId.current === null)}>
        ${isPublic ? t('ticket.send') : t('ticket.sendNote')}
      </button>
    </div>
  </form>`;
}

/** Two letters for an avatar: the first of the first two words of a name. */
export function initials(name) {
  const words = String(name ?? '?')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return ((words[0]?.[0] ?? '?') + (words[1]?.[0] ?? '')).toUpperCase();
}
