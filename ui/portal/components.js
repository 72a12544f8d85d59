import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import htm from 'htm';
import { t } from './i18n.js';
import { hasNavigated } from './router.js';
import { errorMessage } from './api.js';

/** JSX-like templates without a build step. */
export const html = htm.bind(h);

/**
 * A page's heading. After a navigation focus moves here, so a screen reader announces the new page and the next
 * Tab starts from the top of its content, not from the link that was clicked.
 * @param {{ children?: any, class?: string }} props
 */
export function PageHeading({ children, class: className }) {
  const ref = useRef(/** @type {HTMLHeadingElement | null} */ (null));
  useEffect(() => {
    if (hasNavigated()) ref.current?.focus({ preventScroll: true });
  }, []);
  // The tab's title names the page too (what a screen reader reads first, what the history list shows).
  useEffect(() => {
    const text = ref.current?.textContent?.trim();
    if (text) document.title = `${text} — Ondesk`;
  });
  return html`<h1 ref=${ref} tabindex="-1" class=${className}>${children}</h1>`;
}

/** An error, read out when it appears. @param {{ error: unknown }} props */
export function ErrorAlert({ error }) {
  if (!error) return null;
  return html`<p class="alert" role="alert">${typeof error === 'string' ? error : errorMessage(error)}</p>`;
}

/**
 * A labelled input whose value lives in the caller's state. Its other attributes (type, name, autocomplete,
 * required, maxlength …) go to the input as they are.
 * @param {{ label: string, value: string, onValue: (value: string) => void } & Record<string, unknown>} props
 */
export function TextField({ label, value, onValue, ...input }) {
  return html`<label>
    <span>${label}</span>
    <input ...${input} value=${value} onInput=${(/** @type {any} */ e) => onValue(e.currentTarget.value)} />
  </label>`;
}

/**
 * A form's sending: `send(act)` marks it busy, clears the last error, runs `act` and keeps what it throws as
 * `error`; busy ends however it goes. `setError` shows a problem found before anything is sent.
 */
/**
 * A file chooser in the page's language: the browser's own button says "Choose Files" whatever the page speaks,
 * so the input is hidden (still focusable and the one thing a label, a click or a test's setInputFiles reaches)
 * and a button-like caption with the chosen names stands in for it.
 */
/**
 * @param {{ label: string, hintId: string, files: File[], onFiles: (files: File[]) => void, inputKey?: number }} props
 */
export function FilePicker({ label, hintId, files, onFiles, inputKey }) {
  const chosen = files.length === 0 ? t('attach.none') : files.map((f) => f.name).join(', ');
  return html`<div class="file-picker">
    <span class="file-picker-label">${label}</span>
    <label class="file-picker-row">
      <input
        key=${inputKey}
        class="visually-hidden"
        type="file"
        name="file"
        multiple
        aria-label=${label}
        aria-describedby=${hintId}
        onChange=${(/** @type {any} */ e) => onFiles([...(e.currentTarget.files ?? [])])}
      />
      <span class="button file-picker-button" aria-hidden="true">${t('attach.choose')}</span>
      <span class="file-picker-chosen">${chosen}</span>
    </label>
  </div>`;
}

export function useSending() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(/** @type {unknown} */ (null));
  /** @param {() => Promise<unknown>} act */
  const send = async (act) => {
    setBusy(true);
    setError(null);
    try {
      await act();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, send };
}

/** @param {{ status: string }} props */
export const StatusChip = ({ status }) => html`<span class=${`chip status-${status}`}>${t(`status.${status}`)}</span>`;

/** @param {{ priority: string }} props */
export const PriorityChip = ({ priority }) =>
  html`<span class=${`prio prio-${priority}`} title=${t(`priority.${priority}`)}
    >${priority}<span class="visually-hidden"> — ${t(`priority.${priority}`)}</span></span
  >`;

/**
 * Loads what a page shows; `reload` reads it again. The page keeps showing what it had while a reload runs.
 * @template T
 * @param {() => Promise<T>} load
 * @param {unknown[]} deps
 */
export function useLoad(load, deps) {
  const [state, setState] = useState(
    /** @type {{ data: T | null, error: unknown, loading: boolean }} */ ({ data: null, error: null, loading: true }),
  );
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error) => live && setState((s) => ({ ...s, error, loading: false })),
    );
    return () => {
      live = false;
    };
  }, [...deps, round]);
  return {
    ...state,
    reload: () => setRound((r) => r + 1),
    setData: (/** @type {T} */ data) => setState({ data, error: null, loading: false }),
  };
}

/** A loading line that screen readers announce politely. */
export const Loading = () => html`<p class="muted" role="status">${t('common.loading')}</p>`;

/** A message one page leaves for the next (a request filed, files that failed to attach). */
let flash = /** @type {{ text: string, kind: 'ok' | 'error' } | null} */ (null);
/** @param {string} text @param {'ok' | 'error'} [kind] */
export const setFlash = (text, kind = 'ok') => {
  flash = { text, kind };
};
/** The message left for this page, until the page clears it (the contact did something after it). */
export function useFlash() {
  const [taken, setTaken] = useState(() => {
    const f = flash;
    flash = null;
    return f;
  });
  return { flash: taken, clearFlash: () => setTaken(null) };
}

/** @param {{ flash: { text: string, kind: 'ok' | 'error' } | null }} props */
export const Flash = ({ flash: f }) =>
  f
    ? html`<p class=${f.kind === 'ok' ? 'notice' : 'alert'} role=${f.kind === 'ok' ? 'status' : 'alert'}>${f.text}</p>`
    : null;

/** Files a contact picked, at most `max`, as FormData field `file`. @param {FileList | File[]} files */
export function filesForm(files) {
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  return form;
}
