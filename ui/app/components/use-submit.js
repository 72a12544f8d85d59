import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * @template {unknown[]} A
 * @typedef {object} Submit
 * @property {(...args: A) => Promise<boolean>} run Runs the action once at a time; true when it succeeded.
 * @property {(event: Event) => void} onSubmit A form's submit handler: no page reload, then `run()`.
 * @property {boolean} busy True while the action runs: buttons are disabled so it is not sent twice.
 * @property {unknown} error What the last run threw, for the form's ErrorBox; cleared by the next run.
 * @property {(error: unknown) => void} setError Sets or clears (null) the error the form shows.
 */

/**
 * The one way a form sends: a busy flag while the request runs, and whatever it throws kept for the form to
 * show (components/error.js). Nothing is swallowed: a failed request always leaves an error on the screen.
 * `onError` may turn the failure into field errors as well; the error still shows.
 * @template {unknown[]} A
 * @param {(...args: A) => Promise<unknown> | unknown} action
 * @param {{ onError?: (error: any) => void }} [options]
 * @returns {Submit<A>}
 */
export function useSubmit(action, options = {}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(/** @type {unknown} */ (null));
  const running = useRef(false);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  /** @param {A} args */
  const run = async (...args) => {
    if (running.current) return false;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await action(...args);
      return true;
    } catch (err) {
      // A page that went away (the action navigated elsewhere) has nothing to show the error on.
      if (mounted.current) {
        setError(err);
        options.onError?.(err);
      }
      return false;
    } finally {
      running.current = false;
      if (mounted.current) setBusy(false);
    }
  };
  /** @param {Event} event */
  const onSubmit = (event) => {
    event.preventDefault();
    // The type of A is the caller's; a submit handler passes no arguments.
    run(.../** @type {A} */ (/** @type {unknown} */ ([])));
  };
  return { run, onSubmit, busy, error, setError };
}
