import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { may } from '../session.js';

/** @type {import('preact').ComponentType<any> | null} */
let Chip = null;

/**
 * The top bar's place for the running timer. The timer's code, words and styles load after sign-in, not with
 * the sign-in page: until then (and for those who log no time) the place stays empty.
 * @param {{ me: import('../session.js').Me }} props
 */
export function TimerSlot({ me }) {
  const [, setReady] = useState(Boolean(Chip));
  const logsTime = may(me, 'worklog.log');
  useEffect(() => {
    if (Chip || !logsTime) return;
    import('./timer-chip.js').then(
      (module) => {
        Chip = module.TimerChip;
        setReady(true);
      },
      // Only the top bar's timer is missing then; the ticket page's time panel still shows and starts it.
      (err) => console.error('the timer could not load', err),
    );
  }, [logsTime]);
  return Chip && logsTime ? html`<${Chip} me=${me} />` : null;
}
