// MCP prompts: the troubleshooting playbook as ready-made requests a user can pick in their client. Each
// names the tools in the order an experienced operator would call them; arguments are checked like tool
// input (a name that is not a Kubernetes name is refused, never pasted into the prompt).

import { ErrorCode, McpError, type GetPromptResult, type Prompt } from '@modelcontextprotocol/sdk/types.js';
import { isDnsLabel, isDnsSubdomain } from '../kube/names.js';

interface PlaybookPrompt extends Prompt {
  text(args: Record<string, string>): string;
}

const namespaceArg = { name: 'namespace', description: 'Namespace to look at', required: true };

export const PROMPTS: readonly PlaybookPrompt[] = [
  {
    name: 'triage_namespace',
    title: 'Triage a namespace',
    description: 'Find and rank everything wrong in one namespace: pods, Services, storage.',
    arguments: [namespaceArg],
    text: ({ namespace }) =>
      `Triage namespace "${namespace}" with the kubectl-diag tools (read-only). ` +
      `1. Call diagnose_pods, diagnose_services and diagnose_storage with namespace "${namespace}". ` +
      '2. Rank the findings: critical first, and causes before symptoms (a Pending claim or an unschedulable pod explains a Service without endpoints). ' +
      '3. For the top finding, explain one object: describe_pod (and get_pod_logs with previous=true for a crash loop), get_service, or get_pvc. ' +
      '4. Answer with what is broken, the evidence the cluster gave, and the fix to try first. Do not suggest commands that change the cluster without saying so.',
  },
  {
    name: 'why_pod_failing',
    title: 'Why is this pod failing?',
    description: 'Explain why one pod does not run or keeps restarting, from its status, events and logs.',
    arguments: [namespaceArg, { name: 'pod', description: 'Pod name', required: true }],
    text: ({ namespace, pod }) =>
      `Explain why pod "${pod}" in namespace "${namespace}" is failing, using the kubectl-diag tools (read-only). ` +
      `1. Call describe_pod (namespace "${namespace}", pod "${pod}"): status reason, container states with exit codes, events, log tail. ` +
      '2. If a container crashed, call get_pod_logs with previous=true: the crashed instance says why it exited. ' +
      '3. If it is Pending, read the scheduler message and its claims (get_pvc); if it runs on a troubled node, get_node_conditions. ' +
      '4. Answer with the cause (quote the cluster’s own words), then the fix.',
  },
  {
    name: 'why_service_not_answering',
    title: 'Why does this Service not answer?',
    description: 'Follow a Service to its endpoints and pods to find where traffic stops.',
    arguments: [namespaceArg, { name: 'service', description: 'Service name', required: true }],
    text: ({ namespace, service }) =>
      `Find why Service "${service}" in namespace "${namespace}" does not answer, using the kubectl-diag tools (read-only). ` +
      `1. Call get_service (namespace "${namespace}", service "${service}"): selector, ports, endpoints, matched pods and findings. ` +
      '2. If the selector matches nothing, name the label that differs; if endpoints are not ready, call describe_pod on one of the pods; check targetPort against the container ports with get_endpoints. ' +
      '3. Answer with where traffic stops and the fix.',
  },
];

function checkArgument(name: string, value: string | undefined): string {
  const valid = name === 'namespace' ? isDnsLabel(value ?? '') : isDnsSubdomain(value ?? '');
  if (!value || !valid) {
    throw new McpError(
      ErrorCode.InvalidParams,
      `argument "${name}" must be a Kubernetes ${name === 'namespace' ? 'namespace' : 'object'} name`,
    );
  }
  return value;
}

export function promptList(): { prompts: Prompt[] } {
  return { prompts: PROMPTS.map(({ text: _text, ...prompt }) => prompt) };
}

export function getPrompt(name: string, args: Record<string, string> | undefined): GetPromptResult {
  const prompt = PROMPTS.find((p) => p.name === name);
  if (!prompt) {
    throw new McpError(
      ErrorCode.InvalidParams,
      `there is no prompt ${JSON.stringify(name.slice(0, 64))}; prompts: ${PROMPTS.map((p) => p.name).join(', ')}`,
    );
  }
  const checked = Object.fromEntries(
    (prompt.arguments ?? []).map((a) => [a.name, checkArgument(a.name, args?.[a.name])]),
  );
  return {
    description: prompt.description,
    messages: [{ role: 'user', content: { type: 'text', text: prompt.text(checked) } }],
  };
}
