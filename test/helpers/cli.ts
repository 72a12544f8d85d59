import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI from sources (tsx), so tests never depend on a stale build. */
const main = fileURLToPath(new URL('../../server/cli/main.ts', import.meta.url));
const nodeArgs = ['--import', 'tsx', main];

const trustTestKeys = fileURLToPath(new URL('./trust-test-keys.ts', import.meta.url));

/** `trustTestKeys`: the CLI process trusts the test suite's license keys instead of the product's. */
export function runCli(
  args: string[],
  opts: { input?: string; env?: NodeJS.ProcessEnv; trustTestKeys?: boolean } = {},
) {
  const res = spawnSync(
    process.execPath,
    [...(opts.trustTestKeys ? ['--import', 'tsx', '--import', trustTestKeys, main] : nodeArgs), ...args],
    {
      input: opts.input,
      encoding: 'utf8',
      env: { ...process.env, ONDESK_LOG_LEVEL: 'warn', ...opts.env },
      timeout: 60_000,
    },
  );
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the URL once `serve` prints it. */
export function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /running at (http:\/\/\S+)/.exec(seen);
      if (m) resolve(m[1]!);
    };
    child.stderr!.on('data', onData);
    child.stdout!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${seen}`)));
  });
}
