import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** What one load run measured: rates and percentiles from every response's own latency. */
export interface LoadFigures {
  perSecond: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Connection errors, timeouts and non-2xx answers together: any of them fails the figure's budget. */
  errors: number;
}

/**
 * Runs autocannon and keeps the latency of every response. autocannon's own summary has p97.5 but no p95, and
 * its histogram is rounded to whole milliseconds; the samples give the true percentiles.
 */
export function load(opts: autocannon.Options): Promise<LoadFigures> {
  const samples: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => {
      if (err) return reject(err);
      samples.sort((a, b) => a - b);
      resolve({
        perSecond: Math.round(result.requests.total / (result.duration || 1)),
        requests: result.requests.total,
        p50: percentile(samples, 50),
        p95: percentile(samples, 95),
        p99: percentile(samples, 99),
        max: samples.length ? samples[samples.length - 1]! : 0,
        errors: result.errors + result.timeouts + result.non2xx,
      });
    });
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => void samples.push(ms));
  });
}

/**
 * Seconds of each load run first and left out of its figures (`BENCH_WARMUP_SECONDS`, 2): right after the start
 * V8 has not yet compiled the busy paths and caches, prepared statements and the heap are still filling, and on
 * this machine the first 2 s of creation ran at 860–870 tickets/s with a p99 of 185–195 ms, against some 2,000/s
 * and 40 ms later: a tenth of a 10 s run's samples, and nearly all of its slowest hundredth. The figures under
 * load are the warm ones (the cold ones are the first single requests); the warm-up's own rate and p99 are printed
 * beside them, and its errors count with the figures'.
 */
export const WARM_UP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);

/** What a load after its warm-up measured, with the warm-up's own figures. */
export interface WarmLoadFigures extends LoadFigures {
  warmUp: LoadFigures | null;
}

/** The same load for WARM_UP_SECONDS, then measured: figures from the second run, errors from both. */
export async function warmLoad(opts: autocannon.Options): Promise<WarmLoadFigures> {
  const warmUp = WARM_UP_SECONDS > 0 ? await load({ ...opts, duration: WARM_UP_SECONDS }) : null;
  const figures = await load(opts);
  return { ...figures, errors: figures.errors + (warmUp?.errors ?? 0), warmUp };
}

/** The nearest-rank percentile of sorted samples, to a tenth of a millisecond. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[rank]! * 10) / 10;
}

/** One request timed from the client: the cold figure (the first of its kind after the server started). */
export async function timeOnce(url: string, headers: Record<string, string>): Promise<{ ms: number; ok: boolean }> {
  const start = performance.now();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  return { ms: Math.round((performance.now() - start) * 10) / 10, ok: res.ok };
}

/** The file system the data directory lives on (ext4, tmpfs, overlay …): fsync costs differ by orders. */
export function fileSystemOf(dir: string): string {
  try {
    return execFileSync('findmnt', ['-no', 'FSTYPE', '-T', dir], { encoding: 'utf8' }).trim();
  } catch {
    try {
      const lines = execFileSync('df', ['-T', dir], { encoding: 'utf8' }).trim().split('\n');
      return lines[lines.length - 1]!.split(/\s+/)[1] ?? 'unknown';
    } catch {
      return 'unknown';
    }
  }
}

/** Resident memory of a process, from /proc (MB). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round((Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024) * 10) / 10;
}

/**
 * Where a process's resident memory is, from /proc/<pid>/smaps: V8's heap pages (anonymous mappings of at most
 * 256 KB), the C heap (brk and malloc's arenas: SQLite's page cache, sorts, OpenSSL), large anonymous mappings (a
 * password hash's 128 MB while it runs) and mapped files (the node binary, libraries).
 */
export function rssBreakdown(pid: number): string {
  const sums = { v8: 0, malloc: 0, large: 0, files: 0 };
  let kind: keyof typeof sums = 'files';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const range = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (range) {
      const kb = (parseInt(range[2]!, 16) - parseInt(range[1]!, 16)) / 1024;
      const name = range[3]!.trim();
      kind = name === '[heap]' ? 'malloc' : name !== '' ? 'files' : kb <= 256 ? 'v8' : kb <= 65536 ? 'malloc' : 'large';
    } else if (line.startsWith('Rss:')) sums[kind] += Number(line.split(/\s+/)[1]);
  }
  const mb = (kb: number) => Math.round(kb / 1024);
  return `V8 ${mb(sums.v8)}, C heap ${mb(sums.malloc)}, large ${mb(sums.large)}, files ${mb(sums.files)} MB`;
}
