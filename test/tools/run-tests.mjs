#!/usr/bin/env node
/**
 * The suite's runner (`npm test`): every test file of test/, compiled (dist/test/…; bin/build.mjs builds it first
 * when the sources are newer), each in a Node process of its own, two at a time, with no import hook.
 *
 * Why not tap's own runner: it loads every test through tsx and adds its process tracker to every process a test
 * starts (for coverage, which this suite does not collect). Module hooks run off the main thread in Node 20 and
 * cost each process about 2.5 s of CPU before a test begins, a third of the suite's time on two cores. The files
 * are still node-tap tests: each prints TAP and its own `# { total, pass, fail, … }` line, which this runner adds
 * up. A single file still runs by hand with `npx tap test/x.test.ts` (through tsx) or `node dist/test/x.test.js`.
 *
 * Usage: node test/tools/run-tests.mjs [--jobs N] [--timeout SECONDS] [files…]
 *   files: test/…/x.test.ts, a folder of them, or a quoted glob of them (`*` within a folder, `**` across); none: the suite.
 * Prints `ok`/`not ok` per file (a failing file's whole output below it), then the suite's totals as tap does,
 * `# { total: N, pass: N, fail: N, skip: N, todo: N }`; exits 1 when any file fails.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Folders under test/ that hold no test files of the suite. */
const NOT_TESTS = ['test/helpers/', 'test/bench/', 'test/fixtures/', 'test/tools/'];
/** Each file's duration in the last run here, so the longest start first (no effect on a clean clone). */
const timesFile = join(root, 'node_modules', '.cache', 'ondesk-test-times.json');

/** The test files under `dir` (relative to the checkout), in a fixed order. */
export function testFilesUnder(dir) {
  const found = [];
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.test.ts')) found.push(relative(root, full));
    }
  };
  walk(resolve(root, dir));
  return found.filter((file) => !NOT_TESTS.some((folder) => file.startsWith(folder))).sort();
}

const compiledPath = (file) => join(root, 'dist', file.replace(/\.ts$/, '.js'));

/**
 * Longest first, so the lanes end together: the last run's durations when this machine has them, else the
 * kinds known to be long (browser flows, clusters, installers) before the rest.
 */
function longestFirst(files) {
  let known = {};
  try {
    known = JSON.parse(readFileSync(timesFile, 'utf8'));
  } catch {
    // first run here: the estimate below
  }
  const estimate = (file) =>
    known[file] ??
    (/\.browser\.test\.ts$|^test\/ui\//.test(file)
      ? 60_000
      : /^test\/(cluster|installer|claims|licenses)\//.test(file)
        ? 40_000
        : 10_000);
  return [...files].sort((a, b) => estimate(b) - estimate(a));
}

/** The counts of a tap file's last top-level summary line (`# { total: 54, pass: 53, fail: 1 }`), or null. */
function summaryOf(output) {
  const line = output.match(/^# \{ total: .*\}$/gm)?.at(-1);
  if (!line) return null;
  const count = (name) => Number(new RegExp(`\\b${name}: (\\d+)`).exec(line)?.[1] ?? 0);
  return { total: count('total'), pass: count('pass'), fail: count('fail'), skip: count('skip'), todo: count('todo') };
}

/** Runs one compiled test file; resolves with its outcome (never rejects). */
function runFile(file, timeoutSeconds) {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(process.execPath, [compiledPath(file)], {
      cwd: root,
      // its own process group, so a timeout stops the servers and browsers it started too
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TAP_TIMEOUT: String(timeoutSeconds) },
    });
    running.add(child);
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    let timedOut = false;
    // tap reports its own timeout (with the test that hung) first; this is for a file that cannot
    const killer = setTimeout(
      () => {
        timedOut = true;
        stopGroup(child);
      },
      (timeoutSeconds + 30) * 1000,
    );
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      running.delete(child);
      const stdout = Buffer.concat(out).toString('utf8');
      const summary = summaryOf(stdout);
      const ok = code === 0 && summary !== null && summary.fail === 0 && !timedOut;
      done({
        file,
        ok,
        ms: Date.now() - started,
        summary,
        stdout,
        stderr: Buffer.concat(err).toString('utf8'),
        why: timedOut
          ? `killed after ${timeoutSeconds + 30} s`
          : code !== 0
            ? `exited with ${signal ?? `code ${code}`}`
            : summary === null
              ? 'printed no tap summary'
              : '',
      });
    });
  });
}

const running = new Set();
function stopGroup(child) {
  try {
    process.kill(-child.pid, 'SIGTERM');
    setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000).unref();
  } catch {
    // already gone
  }
}
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    for (const child of running) stopGroup(child);
    process.exit(130);
  });

const indent = (text) =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');

/** Runs the files `jobs` at a time, printing each outcome as it ends; resolves with the totals. */
export async function runTests(files, { jobs = 2, timeoutSeconds = 900 } = {}) {
  const started = Date.now();
  const queue = longestFirst(files);
  const totals = { total: 0, pass: 0, fail: 0, skip: 0, todo: 0 };
  const failed = [];
  const times = {};
  let n = 0;
  console.log('TAP version 14');
  // Every other lane takes the shortest file left instead of the longest: the long files (browser flows, clusters)
  // then run beside short ones rather than two at once, and the lanes meet in the middle of the queue.
  const lane = async (index) => {
    const next = () => (index % 2 === 0 ? queue.shift() : queue.pop());
    for (let file = next(); file; file = next()) {
      const result = await runFile(file, timeoutSeconds);
      times[file] = result.ms;
      for (const key of Object.keys(totals)) totals[key] += result.summary?.[key] ?? 0;
      n += 1;
      if (result.ok) {
        console.log(`ok ${n} - ${file} # time=${result.ms}ms`);
        continue;
      }
      // a file that died before counting its failure still counts as one
      if (!result.summary?.fail) {
        totals.fail += 1;
        totals.total += 1;
      }
      failed.push(file);
      console.log(`not ok ${n} - ${file} # time=${result.ms}ms${result.why ? ` (${result.why})` : ''}`);
      console.log(indent(result.stdout));
      const stderr = result.stderr.trimEnd().split('\n').slice(-200).join('\n');
      if (stderr) console.log(`    # stderr (last 200 lines):\n${indent(stderr)}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, (_, index) => lane(index)));
  console.log(`1..${n}`);
  if (failed.length > 0) console.log(`# failed files:\n${failed.map((f) => `#   ${f}`).join('\n')}`);
  console.log(
    `# { total: ${totals.total}, pass: ${totals.pass}, fail: ${totals.fail}, skip: ${totals.skip}, todo: ${totals.todo} }`,
  );
  console.log(`# time=${Date.now() - started}ms`);
  try {
    mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
    let previous = {};
    if (existsSync(timesFile)) previous = JSON.parse(readFileSync(timesFile, 'utf8'));
    writeFileSync(timesFile, JSON.stringify({ ...previous, ...times }));
  } catch {
    // only an ordering hint
  }
  return { ...totals, failedFiles: failed };
}

function parseArgs(argv) {
  const options = { jobs: 2, timeoutSeconds: 900, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--jobs' || arg === '-j') options.jobs = Number(argv[++i]);
    else if (arg.startsWith('--jobs=')) options.jobs = Number(arg.slice('--jobs='.length));
    else if (arg === '--timeout') options.timeoutSeconds = Number(argv[++i]);
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else options.files.push(arg);
  }
  if (!Number.isInteger(options.jobs) || options.jobs < 1) throw new Error('--jobs needs a whole number ≥ 1');
  if (!(options.timeoutSeconds > 0)) throw new Error('--timeout needs a number of seconds');
  return options;
}

// A glob of paths (test/tickets/**/*.test.ts) as a regular expression: `**/` any folders, `*` within one.
function globPattern(glob) {
  const source = glob
    .split(/(\*\*\/|\*)/)
    .map((part) => (part === '**/' ? '(?:.*/)?' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/** Test files named on the command line (files or folders, relative to the checkout or absolute). */
function namedFiles(args) {
  return args.flatMap((arg) => {
    if (arg.includes('*')) {
      const pattern = globPattern(relative(root, resolve(root, arg)));
      const matched = testFilesUnder('test').filter((file) => pattern.test(file));
      if (matched.length === 0) throw new Error(`no test file matches ${arg}`);
      return matched;
    }
    const path = resolve(root, arg);
    if (!existsSync(path)) throw new Error(`no such test file or folder: ${arg}`);
    if (statSync(path).isDirectory()) return testFilesUnder(path);
    if (!path.endsWith('.test.ts')) throw new Error(`not a test file (x.test.ts): ${arg}`);
    return [relative(root, path)];
  });
}

async function main() {
  let options;
  let files;
  try {
    options = parseArgs(process.argv.slice(2));
    files = options.files.length > 0 ? namedFiles(options.files) : testFilesUnder('test');
  } catch (err) {
    process.stderr.write(`run-tests: ${err.message}\n`);
    process.exit(2);
  }
  // The tests run compiled: build when the sources are newer than dist/ (a no-op after `npm test`'s own build).
  execFileSync(process.execPath, [join(root, 'bin', 'build.mjs'), '--if-needed'], { cwd: root, stdio: 'inherit' });
  const totals = await runTests(files, options);
  process.exit(totals.fail > 0 ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
