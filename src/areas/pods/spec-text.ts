// A pod's spec in the words of `kubectl describe pod`: probes, ports, mounts, volumes and tolerations as
// short strings, so the JSON answer, the compact text for a model and the people's view say the same.

import type { Container, Pod, Probe, Toleration, Volume } from '../../kube/types.js';

/** `http-get :8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`, with kubectl's defaults. */
export function probeText(probe: Probe): string {
  const action = probe.httpGet
    ? `http-get ${(probe.httpGet.scheme ?? 'HTTP').toLowerCase()}://${probe.httpGet.host ?? ''}:${probe.httpGet.port ?? ''}${probe.httpGet.path ?? '/'}`
    : probe.tcpSocket
      ? `tcp-socket :${probe.tcpSocket.port ?? ''}`
      : probe.grpc
        ? `grpc :${probe.grpc.port ?? ''}`
        : probe.exec
          ? `exec [${(probe.exec.command ?? []).join(' ')}]`
          : 'unknown';
  return [
    action,
    `delay=${probe.initialDelaySeconds ?? 0}s`,
    `timeout=${probe.timeoutSeconds ?? 1}s`,
    `period=${probe.periodSeconds ?? 10}s`,
    `#success=${probe.successThreshold ?? 1}`,
    `#failure=${probe.failureThreshold ?? 3}`,
  ].join(' ');
}

export function probesOf(spec: Container): string[] {
  return (['liveness', 'readiness', 'startup'] as const).flatMap((kind) => {
    const probe = spec[`${kind}Probe`];
    return probe ? [`${kind} ${probeText(probe)}`] : [];
  });
}

export function portsOf(spec: Container): string[] {
  return (spec.ports ?? []).map(
    (p) => `${p.containerPort}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}`,
  );
}

export function mountsOf(spec: Container): string[] {
  return (spec.volumeMounts ?? []).map(
    (m) =>
      `${m.mountPath} from ${m.name}${m.subPath ? ` (path "${m.subPath}")` : ''} (${m.readOnly ? 'ro' : 'rw'})`,
  );
}

/** A volume's type and what it is made of, as describe shows them (never the content of anything). */
export function volumeOf(volume: Volume, pod: Pod): { name: string; type: string; source: string } {
  const of = (type: string, source: string) => ({ name: volume.name, type, source });
  if (volume.persistentVolumeClaim)
    return of(
      'PersistentVolumeClaim',
      `${volume.persistentVolumeClaim.claimName}${volume.persistentVolumeClaim.readOnly ? ' (read-only)' : ''}`,
    );
  if (volume.ephemeral)
    return of('Ephemeral', `claim ${pod.metadata?.name ?? ''}-${volume.name} (lives as long as the pod)`);
  if (volume.configMap) return of('ConfigMap', volume.configMap.name ?? '');
  if (volume.secret) return of('Secret', volume.secret.secretName ?? '');
  if (volume.emptyDir)
    return of(
      'EmptyDir',
      [
        volume.emptyDir.medium ? `medium ${volume.emptyDir.medium}` : 'node disk',
        volume.emptyDir.sizeLimit ? `limit ${volume.emptyDir.sizeLimit}` : '',
      ]
        .filter(Boolean)
        .join(', '),
    );
  if (volume.hostPath)
    return of(
      'HostPath',
      `${volume.hostPath.path ?? ''}${volume.hostPath.type ? ` (${volume.hostPath.type})` : ''}`,
    );
  if (volume.projected)
    return of(
      'Projected',
      (volume.projected.sources ?? [])
        .map((source) => Object.keys(source)[0] ?? '')
        .map((key) =>
          key === 'serviceAccountToken' ? 'token' : key === 'downwardAPI' ? 'downward API' : key,
        )
        .join(', '),
    );
  if (volume.downwardAPI) return of('DownwardAPI', 'pod fields');
  const other = Object.keys(volume).find((k) => k !== 'name');
  return of(other ?? 'unknown', '');
}

/** `node.kubernetes.io/not-ready:NoExecute op=Exists for 300s`, as describe lists tolerations. */
export function tolerationText(t: Toleration): string {
  const key = t.key ?? '';
  const value = t.value ? `=${t.value}` : '';
  const effect = t.effect ? `:${t.effect}` : '';
  const op = t.operator === 'Exists' ? ' op=Exists' : '';
  const seconds = t.tolerationSeconds !== undefined ? ` for ${t.tolerationSeconds}s` : '';
  return `${key}${value}${effect}${op}${seconds}`.trim() || 'everything (op=Exists)';
}
