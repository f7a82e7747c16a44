// The -o json|yaml envelope of `nodes`, kind → schema. Loaded only when
// -o json|yaml asks or `npm run schemas` runs (./index.ts registers it as a lazy import).

import { describeNode, listNodes } from './queries.js';
import { observedSource } from '../../queries/schemas.js';
import { described, element, envelope, kinded } from '../../cli/envelopes/common.js';

const nodeSource = observedSource.extend({
  metrics: listNodes.output.metrics,
  podScope: listNodes.output.podScope,
});

const NodeList = envelope('NodeList', kinded('Node', element(listNodes.output.nodes)), {
  source: nodeSource,
});
const Node = envelope('Node', described('Node', describeNode.output, ['metrics', 'podScope']), {
  source: nodeSource,
});

export const ENVELOPES = { NodeList, Node };
