import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n.js';

/**
 * A file input worded in the desk's language. Chromium labels the native one ("Choose File", "No file
 * chosen") in the browser's language, not the desk's; here the native input is kept — it is what the
 * keyboard, screen readers, forms (`name`, `required`) and tests' setInputFiles act on — but hidden behind a
 * button-like label and the names of the chosen files. `ariaLabel` names what the file is for, when the button's
 * words ("Choose a file") do not.
 * @param {{
 *   name: string,
 *   accept?: string,
 *   multiple?: boolean,
 *   required?: boolean,
 *   disabled?: boolean,
 *   label?: string,
 *   ariaLabel?: string,
 *   describedBy?: string,
 *   onFiles?: (files: File[], input: HTMLInputElement) => void,
 * }} props
 */
export function FilePicker({
  name,
  accept,
  multiple = false,
  required = false,
  disabled = false,
  label,
  ariaLabel,
  describedBy,
  onFiles,
}) {
  const [names, setNames] = useState(/** @type {string[]} */ ([]));
  const buttonText = label ?? t(multiple ? 'file.chooseMany' : 'file.choose');
  return html`<label class=${`file-picker${disabled ? ' disabled' : ''}`}>
    <input
      type="file"
      name=${name}
      accept=${accept}
      multiple=${multiple}
      required=${required}
      disabled=${disabled}
      aria-label=${ariaLabel ?? buttonText}
      aria-describedby=${describedBy}
      onChange=${(/** @type {Event} */ e) => {
        const input = /** @type {HTMLInputElement} */ (e.currentTarget);
        const files = [...(input.files ?? [])];
        setNames(files.map((f) => f.name));
        onFiles?.(files, input);
      }}
    />
    <span class="button" aria-hidden="true">${buttonText}</span>
    <span class="file-names">${names.length > 0 ? names.join(', ') : t('file.none')}</span>
  </label>`;
}
