// One pod in depth for people, laid out like `kubectl describe pod` (what kubectl users scan for) with
// kubectl-diag's own parts after it: the failing container's log tail and the findings with their hints.

import { age } from '../../kube/time.js';
import { sourceLine } from '../../render/findings-text.js';
import { eventsSection, findingsSection, section, tableSection } from '../../render/sections.js';
import { severityText, table, truncate, type Style } from '../../render/table.js';
import type { PodDescription } from './schema.js';

type Container = PodDescription['containers'][number];
type State = Container['state'];

/** `Label:  value` lines with the values aligned, as describe prints them. */
function fields(rows: [string, string | undefined][], indent = '', minWidth = 0): string[] {
  const shown = rows.filter((r): r is [string, string] => r[1] !== undefined);
  const width = Math.max(minWidth, ...shown.map(([label]) => label.length + 2));
  // A value of several lines (mounts, tolerations) continues under itself.
  return shown.map(([label, value]) =>
    `${indent}${`${label}:`.padEnd(width)}${value.split('\n').join(`\n${' '.repeat(indent.length + width)}`)}`.trimEnd(),
  );
}

const when = (time: string | undefined, now: Date) => (time ? `${time} (${age(time, now)} ago)` : undefined);
const pairs = (record: Record<string, string>, none = '<none>') =>
  Object.entries(record)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ') || none;

/** The most recent end of a container instance: what "Restarts: 14 (40s ago)" counts from. */
function lastRestart(containers: readonly Container[]): string | undefined {
  return containers
    .map((c) => c.lastState?.finishedAt)
    .filter((t): t is string => t !== undefined)
    .sort()
    .at(-1);
}

function stateLines(label: string, state: State, now: Date): string[] {
  const title = state.state.charAt(0).toUpperCase() + state.state.slice(1);
  return [
    ...fields([[label, title]], '  ', CONTAINER_WIDTH),
    ...fields(
      [
        ['Reason', state.reason],
        ['Message', state.message ? truncate(state.message, 200) : undefined],
        ['Exit Code', state.exitCode !== undefined ? String(state.exitCode) : undefined],
        ['Signal', state.signal !== undefined ? String(state.signal) : undefined],
        ['Started', when(state.startedAt, now)],
        ['Finished', when(state.finishedAt, now)],
      ],
      '    ',
      CONTAINER_WIDTH - 2,
    ),
  ];
}

/** Container fields line up in one column, as describe's tabwriter does. */
const CONTAINER_WIDTH = 16;

function containerBlock(c: Container, now: Date): string {
  const restarts = c.lastState?.finishedAt
    ? `${c.restartCount} (last ${age(c.lastState.finishedAt, now)} ago)`
    : String(c.restartCount);
  const probes = c.probes.map((p): [string, string] => {
    const [kind, ...rest] = p.split(' ');
    return [kind!.charAt(0).toUpperCase() + kind!.slice(1), rest.join(' ')];
  });
  return [
    `${c.name}${c.kind === 'init' ? ' (init container)' : ''}:`,
    ...fields(
      [
        ['Image', c.image ?? '<none>'],
        ['Ports', c.ports.join(', ') || '<none>'],
      ],
      '  ',
      CONTAINER_WIDTH,
    ),
    ...stateLines('State', c.state, now),
    ...(c.lastState ? stateLines('Last State', c.lastState, now) : []),
    ...fields(
      [
        ['Ready', c.ready ? 'True' : 'False'],
        ['Restart Count', restarts],
        ['Requests', pairs(c.requests)],
        ['Limits', pairs(c.limits)],
        ...probes,
        ['Mounts', c.mounts.join('\n') || '<none>'],
      ],
      '  ',
      CONTAINER_WIDTH,
    ),
  ].join('\n');
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A hint points to the command that shows more ("(kubectl diag pods NAME shows its tail)"); in this
 * view that command is the one that ran and its output is above, so the pointer goes.
 */
export function withoutOwnCommand(hint: string, pod: { name: string; namespace: string }): string {
  const self = `kubectl diag pods (?:NAME|${escaped(pod.name)})(?: -n (?:NS|${escaped(pod.namespace)}))?`;
  return hint.replace(new RegExp(` ?\\([^()]*\\b${self}\\b[^()]*\\)`, 'g'), '');
}

export function podDescription(result: PodDescription, style: Style): string {
  const p = result.pod;
  const now = new Date(result.source.observedAt);
  const top = result.findings[0];
  const restartedAt = lastRestart(result.containers);
  const header = fields([
    ['Name', p.name],
    ['Namespace', p.namespace],
    [
      'Priority',
      p.priority !== undefined
        ? `${p.priority}${p.priorityClass ? ` (${p.priorityClass})` : ''}`
        : p.priorityClass,
    ],
    ['Service Account', p.serviceAccount ?? 'default'],
    ['Node', p.node ? `${p.node}${p.hostIP ? `/${p.hostIP}` : ''}` : '<none>'],
    ['Start Time', when(p.startTime, now)],
    ['Labels', pairs(p.labels)],
    ['Status', `${top ? severityText(style, top.severity, p.status) : p.status} (phase ${p.phase})`],
    [
      'Ready',
      `${p.ready}   Restarts: ${p.restarts}${restartedAt ? ` (${age(restartedAt, now)} ago)` : ''}   Age: ${age(p.createdAt, now)}`,
    ],
    ['IP', p.ip ?? '<none>'],
    ['Controlled By', result.controlledBy.join(' ← ') || p.owners.join(', ') || '<none>'],
    ['QoS Class', p.qosClass ?? '<none>'],
    ['Node-Selectors', pairs(p.nodeSelector)],
    ['Tolerations', p.tolerations.join('\n') || '<none>'],
    ['Deleting', p.deletionTimestamp ? `since ${when(p.deletionTimestamp, now)}` : undefined],
  ]);
  const parts = [[...header, sourceLine(result.source)].join('\n')];
  parts.push(section('Containers:', result.containers.map((c) => containerBlock(c, now)).join('\n'), style));
  if (result.conditions.length)
    parts.push(
      section(
        'Conditions:',
        table(
          ['TYPE', 'STATUS', 'REASON', 'SINCE', 'MESSAGE'],
          result.conditions.map((c) => [
            c.type,
            c.status,
            c.reason ?? '',
            c.lastTransitionTime ? age(c.lastTransitionTime, now) : '',
            truncate(c.message ?? '', 100),
          ]),
          style,
        ),
        style,
      ),
    );
  parts.push(
    tableSection(
      'Volumes:',
      ['NAME', 'TYPE', 'SOURCE'],
      p.volumes.map((v) => [v.name, v.type, v.source]),
      style,
    ),
  );
  parts.push(eventsSection(result.events, now, style));
  if (result.log) {
    const title = `Log (${result.log.previous ? 'previous instance of ' : ''}${result.log.container}, last ${result.log.tailLines} lines):`;
    parts.push(
      section(
        title,
        result.log.error ? `unavailable: ${result.log.error}` : result.log.text?.trimEnd() || '<empty>',
        style,
      ),
    );
  }
  const findings = result.findings.map((f) => (f.hint ? { ...f, hint: withoutOwnCommand(f.hint, p) } : f));
  parts.push(findingsSection(findings, 'none: the pod looks healthy', style));
  return parts.join('\n\n');
}
