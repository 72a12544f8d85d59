import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cliCommand } from './cli-command.js';

/** `trustTestKeys`: the CLI process trusts the test suite's license keys instead of the product's. */
export function runCli(
  args: string[],
  opts: { input?: string; env?: NodeJS.ProcessEnv; trustTestKeys?: boolean } = {},
) {
  const [command, cliArgs] = cliCommand({ trustTestKeys: opts.trustTestKeys });
  const res = spawnSync(command, [...cliArgs, ...args], {
    input: opts.input,
    encoding: 'utf8',
    env: { ...process.env, ONDESK_LOG_LEVEL: 'warn', ...opts.env },
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const [command, cliArgs] = cliCommand();
  return spawn(command, [...cliArgs, ...args], {
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
