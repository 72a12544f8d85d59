import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { TokenRefused } from '../../../licenses/claims.js';
import { parsePublicKeySet, trustedKeySet, type PublicKeySet } from '../../../licenses/key-set.js';
import { buildDate } from '../../../licenses/build-info.js';
import { buildTrust } from '../../../licenses/build-trust.js';
import { verifyToken } from '../../../licenses/verify.js';
import {
  applyToken,
  licenseStatus,
  licenseStatusText,
  localRevocations,
  removeNode,
} from '../../modules/licensing/index.js';
import { NODE_ID_PATTERN } from '../../modules/licensing/index.js';
import { action, CliError, printJson, readSecretFile, withInstallation } from '../command-kit.js';

function readToken(file: string): string {
  try {
    return readSecretFile(file);
  } catch (err) {
    throw new CliError(`cannot read the token from ${file === '-' ? 'stdin' : file}: ${(err as Error).message}`);
  }
}

function keySetFrom(file: string): PublicKeySet {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read the key set ${file}: ${(err as Error).message}`);
  }
  try {
    return parsePublicKeySet(text, `the key set in ${file}`);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

const refusedLine = (err: unknown): never => {
  if (err instanceof TokenRefused) throw new CliError(`token refused: ${err.reason}`, 2);
  throw err;
};

export function registerLicense(program: Command) {
  const license = program.command('license').description('licenses and node tokens of this installation');

  license
    .command('verify')
    .description(
      'check a license (or, with --node-id, a node token): prints its claims, or the reason it is refused (exit 2)',
    )
    .option('--token-file <file>', 'file holding the token ("-" for stdin)', '-')
    .option(
      '--jwks <file>',
      "check against another public key set (a vendor's own check); never changes what the product accepts",
    )
    .option('--node-id <id>', 'the token must be a node token for this node')
    .option('--now <iso>', 'judge validity at this time instead of now')
    .option('--revocations <file>', 'a revocation list token to check against')
    .option('--data-dir <dir>', "also check against this installation's revocations and applied license sequence")
    .action(
      action(
        async (opts: {
          tokenFile: string;
          jwks?: string;
          nodeId?: string;
          now?: string;
          revocations?: string;
          dataDir?: string;
        }) => {
          const token = readToken(opts.tokenFile);
          const keys = opts.jwks ? keySetFrom(opts.jwks) : trustedKeySet();
          if (opts.nodeId !== undefined && !NODE_ID_PATTERN.test(opts.nodeId))
            throw new CliError(`--node-id "${opts.nodeId}" is not a node id`);
          let now = Date.now();
          if (opts.now !== undefined) {
            now = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(opts.now) ? Date.parse(opts.now) : NaN;
            if (Number.isNaN(now)) throw new CliError(`--now must be an ISO 8601 time, not "${opts.now}"`);
          }
          const revoked = new Set<string>();
          let minLsq: number | undefined;
          if (opts.revocations) {
            const list = await verifyToken('revocations', readToken(opts.revocations), { keys, now }).catch((err) => {
              if (err instanceof TokenRefused) throw new CliError(`the revocation list is refused: ${err.reason}`, 2);
              throw err;
            });
            for (const id of list.claims.revoked) revoked.add(id);
          }
          if (opts.dataDir) {
            await withInstallation(opts.dataDir, async (inst) => {
              const local = await localRevocations(inst.ctx());
              for (const id of local.revoked) revoked.add(id);
              minLsq = local.minLsq;
            });
          }
          if (opts.jwks) process.stderr.write(`note: checked against ${keys.name}, not the keys this product trusts\n`);
          const verified = await (
            opts.nodeId !== undefined
              ? verifyToken('node', token, { keys, now, nodeId: opts.nodeId, revoked })
              : verifyToken('license', token, { keys, now, buildDate, revoked, minLsq })
          ).catch(refusedLine);
          if (!opts.jwks && buildTrust.extraKeyIds.includes(verified.kid))
            process.stderr.write(
              `note: signed by the staging key ${verified.kid}: only a staging build that trusts it accepts this token\n`,
            );
          printJson(verified.claims);
        },
      ),
    );

  license
    .command('apply')
    .description('apply a license, a node token or a revocation list to this installation')
    .option('--token-file <file>', 'file holding the token ("-" for stdin)', '-')
    .option('--data-dir <dir>', 'data directory')
    .action(
      action(async (opts: { tokenFile: string; dataDir?: string }) => {
        const token = readToken(opts.tokenFile);
        await withInstallation(opts.dataDir, async (inst) => {
          const applied = await applyToken(inst.ctx(), token);
          process.stdout.write(`${applied.message}\n`);
        });
      }),
    );

  license
    .command('status')
    .description('print the license in force, seats, nodes, the build (production or staging) and warnings as JSON')
    .option('--data-dir <dir>', 'data directory')
    // JSON stays the default: scripts have read this command's JSON since it first shipped.
    .option('--json', 'print the status as JSON, the same as GET /api/v1/license (the default)')
    .option('--text', 'print the status as lines for a person to read')
    .action(
      action(async (opts: { dataDir?: string; json?: boolean; text?: boolean }) => {
        await withInstallation(opts.dataDir, async (inst) => {
          const status = await licenseStatus(inst.ctx());
          if (opts.text && !opts.json) process.stdout.write(licenseStatusText(status));
          else printJson(status);
        });
      }),
    );
}

export function registerNode(program: Command) {
  const node = program.command('node').description('this server node');
  node
    .command('id')
    .description("print this node's id (send it to the vendor for a node token)")
    .option('--data-dir <dir>', 'data directory')
    .option('--node-id <id>', 'a fixed node id (containers whose machine id changes); also the nodeId setting')
    .action(
      action(async (opts: { dataDir?: string; nodeId?: string }) => {
        if (opts.nodeId !== undefined) {
          if (!NODE_ID_PATTERN.test(opts.nodeId))
            throw new CliError(`--node-id "${opts.nodeId}" must be 1–128 letters, digits, ".", "_" or "-"`);
          process.stdout.write(`${opts.nodeId}\n`);
          return;
        }
        await withInstallation(opts.dataDir, async (inst) => {
          process.stdout.write(`${inst.nodeId}\n`);
        });
      }),
    );
  node
    .command('remove <nodeId>')
    .description('unregister a node, freeing its place under the license')
    .option('--data-dir <dir>', 'data directory')
    .action(
      action(async (nodeId: string, opts: { dataDir?: string }) => {
        await withInstallation(opts.dataDir, async (inst) => {
          await removeNode(inst.ctx(), nodeId);
          process.stdout.write(`node ${nodeId} removed\n`);
        });
      }),
    );
}
