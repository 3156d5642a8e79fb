// The annotations that drive the simulation (fault injection and node power), in one place so the
// docs, the CLI and the tests use the same spelling.
//
// On a Node:
//   sim.ordinal.dev/down: "true"        the machine is dead: no heartbeats, lease renewals or pod status.
// On a Pod (apply to every container of the pod):
//   sim.ordinal.dev/ready: "false"      readiness probes fail (the container stays/turns NotReady).
//   sim.ordinal.dev/live: "false"       liveness and startup probes fail (the container is killed and restarted).
//   sim.ordinal.dev/crash: "true"       the container exits with code 1 `crashAfter` after each start.
//   sim.ordinal.dev/exit-code: "N"      the container exits with code N after `sim.ordinal.dev/run-for`
//                                       (a duration, default SimTimings.runToCompletion). With restartPolicy
//                                       Never/OnFailure this is how a pod reaches Completed (0) or Error (≠0).
//   sim.ordinal.dev/run-for: "30s"      how long a container with exit-code runs.
//   sim.ordinal.dev/same-digest: "true" every tag of an image repository resolves to one digest, so a
//                                       retag (nginx:1.27 → nginx:stable) restarts the container with an
//                                       unchanged imageID (tests of in-place update completion).
//
// Label on a Node:
//   node.ordinal.dev/simulated: "true"  the sandbox's node agents simulate this node. Every node they
//                                       register carries it, and a Node created through the API with it
//                                       (`ordinal node add`, kubectl) gets an agent; deleting it removes the agent.

export const ANN = {
  nodeDown: 'sim.ordinal.dev/down',
  ready: 'sim.ordinal.dev/ready',
  live: 'sim.ordinal.dev/live',
  crash: 'sim.ordinal.dev/crash',
  exitCode: 'sim.ordinal.dev/exit-code',
  runFor: 'sim.ordinal.dev/run-for',
  sameDigest: 'sim.ordinal.dev/same-digest',
} as const;

export const SIMULATED_LABEL = 'node.ordinal.dev/simulated';

/** Whether the node agents should simulate this Node (label present and "true"). */
export function isSimulated(node: { metadata?: { labels?: Record<string, string> } }): boolean {
  return node.metadata?.labels?.[SIMULATED_LABEL] === 'true';
}

export function annotation(obj: { metadata?: { annotations?: Record<string, string> } }, key: string): string | undefined {
  return obj.metadata?.annotations?.[key];
}
