import { useEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';

/**
 * A modal dialog: focus moves into it and back to what opened it, Escape and the backdrop close it, Tab stays
 * inside, and keys typed in it never reach the desk's global shortcuts.
 */
export function Dialog({ title, onClose, children, wide }) {
  const box = useRef(/** @type {HTMLElement | null} */ (null));
  useEffect(() => {
    const opener = /** @type {HTMLElement | null} */ (document.activeElement);
    const first = /** @type {HTMLElement | null | undefined} */ (
      box.current?.querySelector('[autofocus], input:not([type="hidden"]), select, textarea, button:not(.icon-button)')
    );
    (first ?? box.current)?.focus();
    return () => opener?.focus?.();
  }, []);
  const onKeyDown = (e) => {
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
      return;
    }
    if (e.key !== 'Tab') return;
    const focusable = [
      .../** @type {NodeListOf<HTMLElement>} */ (
        box.current.querySelectorAll(
          'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled])',
        )
      ),
    ];
    if (!focusable.length) return;
    const [first, last] = [focusable[0], focusable[focusable.length - 1]];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };
  return html`<div class="modal" onMouseDown=${(e) => e.target === e.currentTarget && onClose()}>
    <div
      class=${`card dialog${wide ? ' wide' : ''}`}
      role="dialog"
      aria-modal="true"
      aria-labelledby="dialog-title"
      ref=${box}
      tabindex="-1"
      onKeyDown=${onKeyDown}
    >
      <h2 id="dialog-title">${title}</h2>
      ${children}
    </div>
  </div>`;
}
