// The JSON Schema of the -o json|yaml envelope, generated from the zod schemas the answers are built
// with, and the ledger that ties each apiVersion to one shape. schemas/ holds both, checked in;
// `npm run schemas` writes them and refuses to give an existing apiVersion a new shape.

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { API_VERSION } from './envelope.js';
import { ENVELOPES } from './envelopes/all.js';

/** diag.kubectl.io/v1alpha1 → diag.kubectl.io_v1alpha1.json */
export function schemaFileName(apiVersion: string = API_VERSION): string {
  return `${apiVersion.replace('/', '_')}.json`;
}

export const LEDGER_FILE = 'versions.json';

/** One document: every kind under $defs, and the envelope as one of them. */
export function envelopeJsonSchema(): Record<string, unknown> {
  const defs = Object.fromEntries(
    Object.entries(ENVELOPES).map(([kind, schema]) => {
      const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });
      return [kind, rest];
    }),
  );
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://raw.githubusercontent.com/kubectl-diag/kubectl-diag/main/schemas/${schemaFileName()}`,
    title: `kubectl-diag -o json|yaml (${API_VERSION})`,
    description:
      'What `kubectl diag <command> -o json` prints: apiVersion, kind, source, scope, summary, items. The kind says which of $defs applies.',
    oneOf: Object.keys(defs).map((kind) => ({ $ref: `#/$defs/${kind}` })),
    $defs: defs,
  };
}

export function schemaText(): string {
  return `${JSON.stringify(envelopeJsonSchema(), null, 2)}\n`;
}

export function fingerprint(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
