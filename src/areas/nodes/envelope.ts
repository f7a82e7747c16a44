// The -o json|yaml schemas of `nodes`: loaded on demand by ../envelope.ts (documented()).

import { describeNode, listNodes } from '../../areas/nodes/queries.js';
import { observedSource } from '../../queries/schemas.js';
import { described, element, envelope, kinded } from './common.js';

const nodeSource = observedSource.extend({
  metrics: listNodes.output.metrics,
  podScope: listNodes.output.podScope,
});

export const NodeList = envelope('NodeList', kinded('Node', element(listNodes.output.nodes)), {
  source: nodeSource,
});
export const Node = envelope('Node', described('Node', describeNode.output, ['metrics', 'podScope']), {
  source: nodeSource,
});
