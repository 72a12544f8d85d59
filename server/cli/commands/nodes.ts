import type { Command } from 'commander';
import { systemActor } from '../../context.js';
import { clusterTiming, listNodes, type NodeView } from '../../cluster/index.js';
import { action, dataDirOption, printJson, withInstallation } from '../command-kit.js';

/** One line per node: who, which version, where, whether it is alive, and the background work it holds. */
export function nodesTable(items: NodeView[]): string {
  if (items.length === 0) return 'No node has registered yet: a node registers when `ondesk serve` starts.\n';
  const rows = [
    ['NODE', 'VERSION', 'ADDRESS', 'HOST', 'STATE', 'HEARTBEAT', 'LEASES'],
    ...items.map((n) => [
      `${n.nodeId}${n.thisNode ? ' (this machine)' : ''}`,
      n.version,
      n.address,
      n.hostname,
      n.state,
      `${n.heartbeatAgeSeconds} s ago`,
      n.leases.length ? n.leases.map((l) => `${l.name}#${l.token}`).join(', ') : '-',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}\n`).join('');
}

export function registerNodes(program: Command) {
  const cmd = program.command('nodes').description('the server nodes that share this installation’s database');
  cmd
    .command('list')
    .description('every node: id, version, address, live or stale, heartbeat age and the leases it holds')
    .option(...dataDirOption)
    .option('--json', 'print JSON instead of a table')
    .action(
      action(async (opts: { dataDir?: string; json?: boolean }) => {
        await withInstallation(opts.dataDir, async (inst) => {
          const items = await listNodes(inst.ctx(systemActor('cli:nodes list')), clusterTiming(inst.config).liveMs);
          if (opts.json) printJson({ items });
          else process.stdout.write(nodesTable(items));
        });
      }),
    );
}
