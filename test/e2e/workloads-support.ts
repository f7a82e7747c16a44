// What the workloads e2e files share: the shape of `kubectl diag workloads -o json` as they read it, and a
// poller that asks the command until the real controllers have produced a finding.

import assert from 'node:assert/strict';
import type { ControlPlane } from '../cluster/index.js';
import { diag } from './tool.js';

export interface FindingView {
  severity: string;
  reason: string;
  message: string;
  evidence: string[];
  hint: string;
}

export interface WorkloadView {
  kind: string;
  namespace: string;
  name: string;
  ready: string;
  findings: FindingView[];
}

export interface Report {
  workloads: WorkloadView[];
  quotas: { namespace: string; name: string; findings: FindingView[] }[];
}

/** -o json is the WorkloadList envelope: workload items, then ResourceQuota items. */
export function fromEnvelope(stdout: string): Report {
  const { items } = JSON.parse(stdout) as { items: Array<{ kind: string } & WorkloadView> };
  return {
    workloads: items.filter((i) => i.kind !== 'ResourceQuota'),
    quotas: items.filter((i) => i.kind === 'ResourceQuota'),
  } as Report;
}

export function findingOf(
  report: Report,
  name: string,
  reason: string,
  kind?: string,
): FindingView | undefined {
  return report.workloads
    .find((w) => w.name === name && (kind === undefined || w.kind === kind))
    ?.findings.find((f) => f.reason === reason);
}

/** `kubectl diag workloads -n NS -o json` as the viewer, and a poller on it. */
export function workloadsCommand(cp: () => ControlPlane) {
  const workloads = async (namespace: string, extra: string[] = []): Promise<Report> => {
    const result = await diag(['workloads', '-n', namespace, '-o', 'json', ...extra], {
      kubeconfig: cp().viewerKubeconfig,
    });
    assert.equal(result.error, undefined, result.error?.message);
    return fromEnvelope(result.stdout);
  };
  /** Polls the command until the workload shows the reason (the controllers act on their own schedule). */
  const waitForFinding = async (
    namespace: string,
    name: string,
    reason: string,
    opts: { kind?: string; timeoutMs?: number } = {},
  ): Promise<FindingView> => {
    let last: Report | undefined;
    return cp().scenario.waitFor(
      `${reason} on ${opts.kind ?? 'workload'} ${namespace}/${name}`,
      async () => {
        last = await workloads(namespace);
        return findingOf(last, name, reason, opts.kind);
      },
      { timeoutMs: opts.timeoutMs ?? 60_000, everyMs: 1000, observe: async () => last?.workloads },
    );
  };
  return { workloads, waitForFinding };
}
