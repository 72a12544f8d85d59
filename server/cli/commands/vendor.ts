import type { Command } from 'commander';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TIERS, type LicenseClaims, type Tier } from '../../../licenses/claims.js';
import {
  generateSigningKey,
  issueLicense,
  issueNodeToken,
  issueRevocations,
  parsePrivateJwk,
  type PrivateJwk,
} from '../../../licenses/vendor.js';
import { NODE_ID_PATTERN } from '../../modules/licensing/index.js';
import { action, CliError, printJson, readSecretFile } from '../command-kit.js';

function readKey(file: string): PrivateJwk {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read the key file ${file}: ${(err as Error).message}`);
  }
  try {
    return parsePrivateJwk(text);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

function instant(value: string, option: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new CliError(`${option} must be an ISO 8601 date or time, not "${value}"`);
  return ms;
}

function wholeNumber(value: string, option: string, min: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value)))
    throw new CliError(`${option} must be a whole number ≥ ${min}, not "${value}"`);
  return Number(value);
}

/** The payload of a license token, read without verifying (the vendor issues node tokens for its own licenses). */
function licenseClaimsOf(token: string): LicenseClaims {
  const payload = token.split('.')[1];
  try {
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as LicenseClaims;
    if (typeof claims.jti !== 'string' || typeof claims.exp !== 'number') throw new Error('not a license');
    return claims;
  } catch {
    throw new CliError('--license-file does not hold an Ondesk license token');
  }
}

const wrapErrors = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError((err as Error).message);
  }
};

export function registerVendor(program: Command) {
  const vendor = program
    .command('vendor')
    .description("the vendor's toolkit: signing keys, licenses, node tokens, revocation lists");

  vendor
    .command('keygen')
    .description(
      'create an Ed25519 signing key: DIR/private.jwk.json (mode 0600) and DIR/jwks.json; prints the public key set',
    )
    .requiredOption('--out <dir>', 'directory for the key files')
    .option('--kid <kid>', 'key id (default ondesk-<year>-<thumbprint>)')
    .action(
      action(async (opts: { out: string; kid?: string }) => {
        const privateFile = join(opts.out, 'private.jwk.json');
        if (existsSync(privateFile)) throw new CliError(`${privateFile} already exists; keys are never overwritten`);
        const { privateJwk, publicJwk } = await wrapErrors(() => generateSigningKey(opts.kid));
        mkdirSync(opts.out, { recursive: true, mode: 0o700 });
        writeFileSync(privateFile, `${JSON.stringify(privateJwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
        chmodSync(privateFile, 0o600); // whatever the umask
        const jwks = { keys: [publicJwk] };
        writeFileSync(join(opts.out, 'jwks.json'), `${JSON.stringify(jwks, null, 2)}\n`);
        process.stderr.write(
          `private key: ${privateFile} (keep it offline); add the public key below to licenses/product-keys.ts\n`,
        );
        printJson(jwks);
      }),
    );

  vendor
    .command('issue-license')
    .description('sign a license and print the token')
    .requiredOption('--key <file>', 'private key (JWK) from keygen')
    .requiredOption('--customer <id>', 'customer id (sub)')
    .requiredOption('--name <name>', 'customer name')
    .requiredOption('--seats <n>', 'active agents allowed')
    .requiredOption('--nodes <n>', 'server nodes allowed')
    .requiredOption('--tier <tier>', TIERS.join(' | '))
    .option('--features <list>', 'comma-separated features (not listed = off)', '')
    .requiredOption('--term-end <iso>', 'end of the paid term')
    .option('--grace-days <n>', 'days after the term end the license keeps working', '14')
    .option('--lsq <n>', 'license sequence: a later license of the customer has a higher one', '1')
    .option('--upgrades-until <iso>', 'builds released after this do not accept the license (default: the term end)')
    .action(
      action(
        async (opts: {
          key: string;
          customer: string;
          name: string;
          seats: string;
          nodes: string;
          tier: string;
          features: string;
          termEnd: string;
          graceDays: string;
          lsq: string;
          upgradesUntil?: string;
        }) => {
          const key = readKey(opts.key);
          if (!TIERS.includes(opts.tier as Tier))
            throw new CliError(`--tier must be one of ${TIERS.join(', ')}, not "${opts.tier}"`);
          const features = opts.features
            .split(',')
            .map((f) => f.trim())
            .filter(Boolean);
          for (const f of features)
            if (!/^[a-z0-9][a-z0-9_.-]{0,63}$/.test(f))
              throw new CliError(
                `--features: "${f}" is not a feature name (lower-case letters, digits, ".", "_", "-")`,
              );
          const token = await wrapErrors(() =>
            issueLicense(key, {
              customerId: opts.customer,
              customerName: opts.name,
              seats: wholeNumber(opts.seats, '--seats', 1),
              nodes: wholeNumber(opts.nodes, '--nodes', 1),
              tier: opts.tier as Tier,
              features,
              termEnd: instant(opts.termEnd, '--term-end'),
              graceDays: wholeNumber(opts.graceDays, '--grace-days', 0),
              lsq: wholeNumber(opts.lsq, '--lsq', 0),
              upgradesUntil:
                opts.upgradesUntil === undefined ? undefined : instant(opts.upgradesUntil, '--upgrades-until'),
            }),
          );
          process.stdout.write(`${token}\n`);
        },
      ),
    );

  vendor
    .command('issue-node')
    .description("sign a node token for a customer's node and print it")
    .requiredOption('--key <file>', 'private key (JWK)')
    .requiredOption('--license-file <file>', 'the license the node runs under')
    .requiredOption('--node-id <id>', 'the node id the customer got from `ondesk node id`')
    .option('--expires <iso>', 'expiry (default: when the license expires)')
    .action(
      action(async (opts: { key: string; licenseFile: string; nodeId: string; expires?: string }) => {
        const key = readKey(opts.key);
        if (!NODE_ID_PATTERN.test(opts.nodeId)) throw new CliError(`--node-id "${opts.nodeId}" is not a node id`);
        let licenseToken: string;
        try {
          licenseToken = readSecretFile(opts.licenseFile).trim();
        } catch (err) {
          throw new CliError(`cannot read ${opts.licenseFile}: ${(err as Error).message}`);
        }
        const license = licenseClaimsOf(licenseToken);
        const token = await wrapErrors(() =>
          issueNodeToken(
            key,
            license,
            opts.nodeId,
            opts.expires === undefined ? undefined : instant(opts.expires, '--expires'),
          ),
        );
        process.stdout.write(`${token}\n`);
      }),
    );

  vendor
    .command('revoke')
    .description(
      'sign a revocation list (license and node-token ids) customers import offline with `ondesk license apply`',
    )
    .requiredOption('--key <file>', 'private key (JWK)')
    .requiredOption('--jti <ids...>', 'token ids to revoke (lists are cumulative: include every id still revoked)')
    .option('--sequence <n>', 'list sequence (default: the issue time in seconds; a newer list must be higher)')
    .action(
      action(async (opts: { key: string; jti: string[]; sequence?: string }) => {
        const key = readKey(opts.key);
        const token = await wrapErrors(() =>
          issueRevocations(
            key,
            opts.jti,
            opts.sequence === undefined ? undefined : wholeNumber(opts.sequence, '--sequence', 0),
          ),
        );
        process.stdout.write(`${token}\n`);
      }),
    );
}
