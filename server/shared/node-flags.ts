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

/**
 * How glibc's malloc (Node's C heap: SQLite's page cache, socket and file buffers, Buffers) is told to give back
 * what a burst freed; read once when the process starts, so set by the same entry points as the flags above (an
 * admin's own value wins in the launcher). By default malloc keeps much of it resident for good:
 *
 * - every thread that allocates (libuv's pool, V8's helpers, the hashing and mail workers) gets an arena of its
 *   own, up to eight per core, and freed memory stays in the arena it came from: two arenas are shared instead;
 * - after a block larger than the mmap threshold is freed, glibc raises the threshold to that size (up to 32 MB),
 *   so later blocks up to that size come from the heap, where their pages stay after they are freed. A fixed
 *   threshold of 256 KB keeps larger blocks (a 2 MB message read, a long answer) in mappings of their own, which
 *   go back to the system when freed, and keeps socket reads (64 KB) on the heap.
 *
 * Measured on the million-ticket desk after a sign-in flood and five 2 MB hostile messages: 191 → 174 MB
 * resident, ticket creation unchanged (5,552/s). A 64 KB threshold cost creation a seventh (4,779/s): every socket
 * read was mapped and unmapped.
 */
export const SERVER_MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '262144',
};
