import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Test } from 'tap';
import type { Installation } from '../../server/installation.js';
import { applyToken } from '../../server/modules/licensing/index.js';
import { mintLicense, mintNode } from './licenses.js';
import { cliCommand } from './cli-command.js';

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Applies a license of `nodes` nodes and the node tokens of `nodeIds` (the test process trusts the test keys). */
export async function licenseNodes(inst: Installation, nodes: number, nodeIds: string[]): Promise<void> {
  const license = await mintLicense({ nodes });
  await applyToken(inst.ctx(), license.token);
  for (const id of nodeIds) await applyToken(inst.ctx(), (await mintNode(license.claims, id)).token);
}

export interface ServingNode {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** `ondesk serve` (helpers/cli-command.ts) as node `nodeId`, trusting the test license keys; killed at teardown. */
export function serveNode(t: Test, dir: string, nodeId: string, port: number, env: NodeJS.ProcessEnv = {}) {
  const [command, cliArgs] = cliCommand({ trustTestKeys: true });
  const child = spawn(command, [...cliArgs, 'serve', '--data-dir', dir, '--port', String(port), '--node-id', nodeId], {
    env: { ...process.env, ONDESK_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  // 'close', not 'exit': what the node wrote last may still be in the pipe when it exits.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const node: ServingNode = { child, output: () => out, exited };
  return node;
}

/** Resolves once the node serves; rejects with its output if it exits first. */
export async function serving(node: ServingNode): Promise<void> {
  for (;;) {
    if (/Ondesk is running at/.test(node.output())) return;
    if (node.child.exitCode !== null) throw new Error(`serve exited with ${node.child.exitCode}: ${node.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls `probe` until it yields a value; rejects after `timeoutMs` with `what`. */
export async function eventually<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  what: string,
) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
