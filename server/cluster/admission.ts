/**
 * Whether a node may join the installation, as a pure rule over what the database says (no I/O here).
 *
 * The license counts server nodes; a node is counted while it is live (its heartbeat younger than the liveness
 * window). A node with its own valid node token may run beside as many live nodes as the license allows in all; a
 * node without one (free mode, or a license without this node's token) runs only alone — the free mode keeps one
 * node. A node id is one node: a second live process with the same id (a copied config, a cloned machine) is refused.
 */
export interface LiveNode {
  nodeId: string;
  address: string;
  hostname: string;
  heartbeatAgeMs: number;
}

export interface AdmissionInput {
  nodeId: string;
  /** From the license state: whether this node holds a valid node token, and how many nodes the license allows. */
  licensed: boolean;
  allowedNodes: number;
  licenseId: string | null;
  /** Other live nodes (this node's own earlier start that is known dead already left out). */
  live: LiveNode[];
  liveMs: number;
}

const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000))} s`;
const describe = (n: LiveNode) =>
  `${n.nodeId} at ${n.address} on ${n.hostname}, heartbeat ${seconds(n.heartbeatAgeMs)} ago`;

/** Why the node must not start, in one line that says what to do; null when it may. */
export function admissionRefusal(a: AdmissionInput): string | null {
  const twin = a.live.find((n) => n.nodeId === a.nodeId);
  if (twin)
    return `node ${a.nodeId} is already running (${describe(twin)}): each node needs its own node id (set nodeId or --node-id on one of them); if that node was stopped, start this one again after ${seconds(a.liveMs - twin.heartbeatAgeMs)}`;
  if (!a.licensed) {
    if (a.live.length === 0) return null;
    const why = a.licenseId
      ? `this node (${a.nodeId}) has no node token of license ${a.licenseId}, so it runs in the free mode`
      : 'the free mode runs one node';
    return `${why}, and ${a.live.length === 1 ? 'another node is' : `${a.live.length} other nodes are`} live (${a.live.map(describe).join('; ')}): apply this node's token from the vendor (node id ${a.nodeId}) with \`ondesk license apply\`, or stop the other node`;
  }
  if (a.live.length + 1 > a.allowedNodes)
    return `license ${a.licenseId} allows ${a.allowedNodes} node${a.allowedNodes === 1 ? '' : 's'} and ${a.live.length} ${a.live.length === 1 ? 'is' : 'are'} live (${a.live.map(describe).join('; ')}): stop one of them or extend the license`;
  return null;
}
