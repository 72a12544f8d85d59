import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';

/**
 * The agent's running timer, shared by the top bar, the ticket page and the queue. It lives on the server (a
 * reload or another browser finds it); here is only what the server last said and when, so the time shown is
 * the server's elapsed seconds plus the time since that answer, not a counter of this tab.
 * @typedef {{ ticketId: number, ticketNumber?: number, ticketSubject?: string, startedAt: string,
 *   elapsedSeconds: number }} Timer
 * @typedef {{ timer: Timer | null, readAt: number, changes: number }} TimerState
 */

/** @type {TimerState} */
let state = { timer: null, readAt: 0, changes: 0 };
/** @type {Set<(s: TimerState) => void>} */
const listeners = new Set();
const emit = () => listeners.forEach((l) => l(state));

/** What the server answered about the timer (null: none runs). @param {Timer | null} timer */
export function setTimer(timer) {
  state = { ...state, timer, readAt: performance.now() };
  emit();
}

/** Asks the server for the agent's timer (GET /agents/me/timer). */
export async function refreshTimer() {
  const res = await api.get('/agents/me/timer');
  setTimer(res.timer);
}

/** Time was logged or a timer stopped: panels showing worklogs and balances read them again. */
export function timeChanged() {
  state = { ...state, changes: state.changes + 1 };
  emit();
}

/** The timer's seconds now. @param {TimerState} s */
export const elapsedOf = (s) =>
  s.timer ? s.timer.elapsedSeconds + Math.max(0, Math.floor((performance.now() - s.readAt) / 1000)) : 0;

/** The shared state; re-renders the caller when it changes. @returns {TimerState} */
export function useTimerState() {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(state);
    return () => {
      listeners.delete(setCurrent);
    };
  }, []);
  return current;
}

/** Re-renders the caller every second while `running`, so an elapsed time shown moves. @param {boolean} running */
export function useTicking(running) {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!running) return undefined;
    const id = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(id);
  }, [running]);
}
