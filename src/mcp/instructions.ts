// The MCP server's instructions, written from what the areas register: which tools survey a namespace or the
// cluster, which explain one object, and which explain a refused call. No tool name is written here by hand.

import type { Area, GuideEntry } from '../areas/area.js';

/** "a", "a and b", "a, b and c". */
function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function entryText(entry: GuideEntry): string {
  return 'query' in entry ? `${entry.query.name} (${entry.note})` : entry.name;
}

export function instructionsFor(areas: readonly Area[]): string {
  const survey = areas.flatMap((a) => a.guide.survey ?? []).map((q) => q.name);
  const explain = areas.flatMap((a) => a.guide.explain ?? []).map(entryText);
  const whenDenied = areas.flatMap((a) => a.guide.whenDenied ?? []).map((q) => q.name);
  return (
    'kubectl-diag diagnoses a Kubernetes cluster read-only: it can never create, change or delete anything, ' +
    'never reads Secrets, and may be fenced to some namespaces. ' +
    `Start broad, then narrow: ${listed(survey)} find problems in a namespace or the cluster; ` +
    `${listed(explain)} explain one object. ` +
    "Without namespace, a tool reads the kubeconfig context's namespace; allNamespaces reads every namespace " +
    'the fence allows. ' +
    'A list tool answers 20 rows (`limit`, at most 500) and names every problem; `page.continue`, passed as ' +
    '`continue` with the same arguments, gives the next rows. ' +
    'Findings carry a stable reason code, evidence and a hint; `source` says where an answer was read and how ' +
    'fresh it is. Answers are bounded: what is left out is counted ' +
    '(`truncated`) with how to narrow. A failed call explains what went wrong and what to ' +
    `do${whenDenied.length ? `; after a 401 or 403, ${listed(whenDenied)} says which permission or token is the problem` : ''}.`
  );
}
