import { readFileSync } from 'node:fs';
import { TokenRefused } from '../licenses/claims.js';
import { buildDate } from '../licenses/build-info.js';
import { trustedKeySet } from '../licenses/key-set.js';
import { verifyToken } from '../licenses/verify.js';
import { deriveNodeId, readMachineId } from '../server/modules/licensing/index.js';
import type { InstallAnswers } from './answers.js';
import type { ExistingState } from './existing.js';

/** A refusal meant for the person installing: nothing was written when it is thrown before the first write. */
export class InstallRefused extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** A verified token and whether the installation still needs it applied (a re-run with the same one does not). */
export interface TokenDecision {
  token: string;
  apply: boolean;
}

export function readAnswerFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new InstallRefused(`cannot read the ${what} from ${file}: ${(err as Error).message}`);
  }
}

/**
 * Judges the license and node token the answers name, before the first write: a bad one must leave no
 * half-made installation behind. Every refusal says what to do next.
 */
export async function judgeTokens(
  answers: InstallAnswers,
  existing: ExistingState,
  configuredNodeId: string | undefined,
): Promise<{ license: TokenDecision | null; node: TokenDecision | null }> {
  const keys = trustedKeySet();
  const now = Date.now();
  let license: (TokenDecision & { jti: string }) | null = null;
  if (answers.licenseFile) {
    const token = readAnswerFile(answers.licenseFile, 'license');
    const same = existing.licenseToken !== undefined && existing.licenseToken === token;
    try {
      const verified = await verifyToken('license', token, {
        keys,
        now,
        buildDate,
        ...(!same && existing.highestLsq !== undefined && { minLsq: existing.highestLsq }),
      });
      license = { token, jti: verified.claims.jti, apply: !same };
    } catch (err) {
      if (err instanceof TokenRefused)
        throw new InstallRefused(`the license is refused: ${err.reason}; nothing was changed`);
      throw err;
    }
  }
  if (!answers.nodeTokenFile) return { license, node: null };
  const token = readAnswerFile(answers.nodeTokenFile, 'node token');
  const nodeId =
    answers.nodeId ??
    configuredNodeId ??
    (existing.installationId ? deriveNodeId(existing.installationId, readMachineId()) : undefined);
  if (!nodeId) {
    throw new InstallRefused(
      'the node token cannot be checked yet: a node token is issued for one node id, and a new installation has none until it exists. ' +
        'Pass --node-id with the id the token was issued for, or install without the node token, run `ondesk node id`, and apply the token the vendor sends with `ondesk license apply`; nothing was changed',
    );
  }
  const licenseJti = license?.jti ?? existing.licenseJti;
  try {
    const verified = await verifyToken('node', token, { keys, now, nodeId });
    if (!licenseJti) throw new TokenRefused('a node token needs its license', 'pass --license-file as well');
    if (verified.claims.lic !== licenseJti)
      throw new TokenRefused(
        `it belongs to license ${verified.claims.lic}, but the license is ${licenseJti}`,
        `ask your vendor for a token for node ${nodeId} under license ${licenseJti}, or install with license ${verified.claims.lic}`,
      );
    return { license, node: { token, apply: existing.nodeTokenJtis.get(nodeId) !== verified.claims.jti } };
  } catch (err) {
    if (err instanceof TokenRefused)
      throw new InstallRefused(`the node token is refused: ${err.reason}; nothing was changed`);
    throw err;
  }
}
