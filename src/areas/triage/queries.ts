// The triage query: one read of every list (./reads.ts), every area's rules on it, linked across objects into
// causal chains, root causes first. The `triage` command and the MCP tool are both this query.

import { countBySeverity, type Finding } from '../../diagnose/finding.js';
import { assertNamespaceExists, sourceOf } from '../../queries/common.js';
import * as input from '../../queries/inputs.js';
import { defineQuery } from '../../queries/query.js';
import { chainsInScope, foldChains } from './chains.js';
import { ownersOfPods } from './links.js';
import { objectCount } from './lists.js';
import { readForTriage } from './reads.js';
import { triage } from './rules.js';
import { triageOutput } from './schema.js';
import { triageText } from './text.js';

export const triageQuery = defineQuery({
  name: 'triage',
  title: 'Triage',
  description:
    'Root causes across pods, services, nodes, storage and workloads in one pass, each with the symptoms it explains (a Service without endpoints under its crashing pods). Start here.',
  input: {
    namespace: input.namespace.optional(),
    allNamespaces: input.allNamespaces.optional(),
  },
  output: triageOutput,
  async run({ cluster }, args) {
    const namespace = args.allNamespaces ? undefined : (args.namespace ?? cluster.defaultNamespace);
    const { lists, notRead } = await readForTriage(cluster, namespace);
    if (namespace !== undefined && lists.pods.length === 0 && lists.services.length === 0)
      await assertNamespaceExists(cluster, namespace);
    const result = triage(lists, cluster.now());
    const owners = ownersOfPods(lists);
    // Roots of one kind on the pods of one controller fold into one chain.
    const ownerOf = (root: Finding) =>
      root.object.kind === 'Pod'
        ? owners.get(`${root.object.namespace}/${root.object.name}`)?.[0]
        : undefined;
    const inScope = chainsInScope(result.chains, namespace);
    const listed = foldChains(inScope, ownerOf).filter(
      (c) => c.root.severity !== 'info' || c.symptoms.length > 0,
    );
    const informational = new Set(
      inScope.filter((c) => c.root.severity === 'info' && c.symptoms.length === 0).map((c) => c.root.id),
    );
    const ids = new Set(inScope.flatMap((c) => [c.root, ...c.symptoms]).map((f) => f.id));
    return {
      source: sourceOf(cluster),
      scope: { namespace, allNamespaces: namespace === undefined },
      objects: objectCount(lists),
      findings: ids.size - informational.size,
      counts: countBySeverity(listed.map((c) => c.root)),
      informational: informational.size,
      ...(notRead.length ? { notRead } : {}),
      chains: listed,
    };
  },
  text: triageText,
});

export const triageQueries = [triageQuery] as const;
