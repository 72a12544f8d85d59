/**
 * The flags Node runs Ondesk with wherever it is started for real: the installed launcher, the container, `npm
 * start` and the benchmark (which measures the desk as installed).
 *
 * - `--max-semi-space-size=16`: the young generation may grow to 16 MB × 2 under load. With 4 MB (the setting until
 *   now) a created ticket's short-lived objects (the request, its rows and its answer, some 60 KB) outlived the
 *   young generation often enough that collections took an eighth of the thread: creation cost 507–534 µs of the
 *   process's CPU a ticket against 395–496 with 16 MB (a copy of the 100,000-ticket desk, alternating runs). V8
 *   keeps the grown space only while the desk is busy: a collection once the allocation rate over the last five
 *   seconds is low sizes it down again, and the memory reducer's collection after seven quiet seconds is such a one
 *   (server/ops/memory-reducer.ts), so the idle desk is as small as with 4 MB (RSS 164 against 165 MB after the
 *   same load).
 * - `--heap-growing-percent=50`: after each full collection V8 lets the old generation grow by a factor it picks
 *   between 1.1 and 4 from how fast it collects; on this desk it picked about 4, so under search load the heap
 *   filled with garbage up to about 200 MB of V8 heap before the next full collection (RSS 238–305 MB during 20 s
 *   of search at a million tickets, back to 160 MB only once idle). A fixed factor of 1.5 collects sooner, on
 *   the second core mostly (marking is concurrent): RSS stayed at 160–166 MB through the same load, and the
 *   queries went no slower (283–372 against 254–310 a second, alternate runs; creation 1,559–2,079 against
 *   1,380–1,805 a second: the machine's noise). There is no hard limit: a larger live set still gets its room.
 *
 * They cannot be set from inside the process (V8 sizes the heap when it starts), so each entry point names
 * them: keep `package.json` (start), `Dockerfile` (CMD) and `installer/plan.ts` (the launcher) in step —
 * test/ops/node-flags.test.ts checks that they are.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=16', '--heap-growing-percent=50'];

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
