// Every reason code the Service rules report, as data: severity, the README's one-line meaning, the hint
// (made from the facts the rule passes where it names objects) and the Kubernetes documentation behind it.

import { findingsOf, type ReasonSpec } from '../../diagnose/finding.js';

const SERVICE_DOCS = 'https://kubernetes.io/docs/concepts/services-networking/service/';
const SLICE_DOCS = 'https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/';

/** Which of its cases a SelectorMatchesNoPods finding is: an empty namespace, near misses, or no pod close. */
export type NoPodsCase =
  | { case: 'empty namespace'; namespace: string }
  | { case: 'near miss'; namespace: string; fixed: string | undefined; wantedLabels: string }
  | { case: 'no pod close'; namespace: string };

export const SERVICE_REASONS = {
  SelectorMatchesNoPods: {
    severity: 'critical',
    title: 'The selector matches no pod; names the label that did not match and the pods that almost match.',
    hint: (f: NoPodsCase) => {
      if (f.case === 'empty namespace')
        return `The workload behind the Service is not running in namespace ${f.namespace}: it is not deployed here, scaled to zero, or its pods cannot be created (check its Deployment/StatefulSet events).`;
      if (f.case === 'near miss')
        return `Make the Service selector and the pod labels agree: ${f.fixed ? `set the selector to ${f.fixed}, or ` : ''}label the pods (in their controller's pod template) ${f.wantedLabels}.${f.fixed ? ` \`kubectl diag pods -n ${f.namespace} -l ${f.fixed}\` lists them.` : ''}`;
      return `No pod here carries these labels: check that the workload runs in namespace ${f.namespace} and is not scaled to zero, and that its pod template labels match the selector.`;
    },
    docs: SERVICE_DOCS,
  },
  NoReadyEndpoints: {
    severity: 'critical',
    title: 'Pods match but none is ready, so the Service has no endpoint to send traffic to.',
    hint: (
      f: { manual: true } | { manual: false; namespace: string; selector: string; withFindings: boolean },
    ) =>
      f.manual
        ? 'Whoever writes these endpoints marks them not ready: check the external backends and the tool that manages the EndpointSlice/Endpoints.'
        : `A Service only sends traffic to ready pods: fix the pods first${f.withFindings ? ' (their findings above say why)' : ''}; \`kubectl diag pods -n ${f.namespace} -l ${f.selector}\` shows them in depth.`,
    docs: 'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-readiness-gate',
  },
  SomeEndpointsNotReady: {
    severity: 'warning',
    title: 'Some endpoints are not ready; traffic goes only to the others.',
    hint: 'The Service still answers, with less capacity: fix the not-ready pods (their findings say why); during a rollout this is expected for a short while.',
    docs: SLICE_DOCS,
  },
  ReadyPodsNotInEndpoints: {
    severity: 'warning',
    title: 'Ready pods that no endpoint lists: the EndpointSlice controller is down or lagging.',
    hint: 'Endpoints are published by the EndpointSlice controller in kube-controller-manager: if it is down or lagging, ready pods get no traffic. Check kube-controller-manager and the events on the Service.',
    docs: SLICE_DOCS,
  },
  TargetPortMismatch: {
    severity: 'warning',
    title: 'A targetPort that no matched pod declares (named) or exposes (numeric).',
    hint: (f: { target: string | number }) =>
      typeof f.target === 'string'
        ? `A named targetPort must name a containerPort (ports[].name) of the pod: rename the container port "${f.target}" in the pod template, or point targetPort at the right name or number. Pods without it get no endpoint for this port.`
        : `Traffic is sent to port ${f.target} of the pods, which declare other ports: if the app listens elsewhere, set targetPort to that port (or its name). Container port declarations are informational, so if the app does listen on ${f.target} this is only a missing declaration.`,
    docs: SERVICE_DOCS,
  },
  ServiceWithoutSelector: {
    severity: 'warning',
    title: 'No selector and no manually managed endpoints: traffic goes nowhere.',
    hint: 'A Service without a selector only works with EndpointSlices (or Endpoints) you write yourself: add a selector matching the pods, or create the EndpointSlice for the external backends.',
    docs: `${SERVICE_DOCS}#services-without-selectors`,
  },
  ExternalNameService: {
    severity: 'info',
    title: 'A DNS alias: no endpoints or pods by design.',
    hint: (f: { target: string }) =>
      `Connections go wherever ${f.target} resolves, on the port the client uses; if they fail, check that name resolves from inside the cluster and that the target accepts the connection.`,
    docs: `${SERVICE_DOCS}#externalname`,
  },
  HeadlessService: {
    severity: 'info',
    title: 'clusterIP None: DNS returns the ready endpoints directly.',
    hint: 'Clients resolve the pod addresses themselves and pick one (StatefulSets use pod-name.service names); a connection to the Service name on a port nothing listens on fails per pod, not at a virtual IP.',
    docs: `${SERVICE_DOCS}#headless-services`,
  },
  LoadBalancerPending: {
    severity: 'warning',
    title: 'A LoadBalancer Service without an external address yet.',
    hint: 'No load-balancer controller has provisioned it: on a cloud check the cloud-controller-manager (and the Service events); on bare metal or a local cluster install one (e.g. MetalLB) or use type NodePort. The node ports work meanwhile.',
    docs: `${SERVICE_DOCS}#loadbalancer`,
  },
  ServiceWarningEvent: {
    severity: 'warning',
    title: 'Warning events on the Service.',
    hint: (f: { eventReason: string }) => {
      if (/LoadBalancer/i.test(f.eventReason))
        return 'The load-balancer controller failed: its message names the cause (quota, annotations, subnet, permissions).';
      if (/Endpoint/i.test(f.eventReason))
        return 'The endpoint controllers could not write this Service’s endpoints: check kube-controller-manager and API quotas.';
      if (/IP|Allocat/i.test(f.eventReason))
        return 'IP or port allocation failed: the service CIDR or the node-port range may be exhausted.';
      return 'Read the event message: it comes from the controller that acts on this Service.';
    },
    docs: 'https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/',
  },
} as const satisfies Record<string, ReasonSpec>;

export const finding = findingsOf(SERVICE_REASONS);
