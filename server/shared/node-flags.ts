/**
 * The flags Node runs Ondesk with wherever it is started for real: the installed launcher, the container, `npm
 * start` and the benchmark (which measures the desk as installed). V8 grows the young generation to 16 MB × 2
 * under load and keeps it; 4 MB keeps the idle desk about 25 MB smaller (the promise is 150 MB) and costs a
 * few more minor collections, which the benchmark does not notice (ticket creation and logging work measured
 * with and without it on this machine: within the ±15 % noise).
 *
 * They cannot be set from inside the process (V8 sizes the heap when it starts), so each entry point names
 * them: keep `package.json` (start), `Dockerfile` (CMD) and `installer/plan.ts` (the launcher) in step —
 * test/ops/node-flags.test.ts checks that they are.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];
