// Every envelope kind with its schema, loaded at once from what the areas register (src/areas/registry.ts):
// what `npm run schemas` writes to schemas/ (via ../schema.ts) and what the tests check. The CLI never
// imports this file; a command loads its own area's schemas on demand (../envelope.ts, documented()).

import type { Area } from '../../areas/area.js';
import { AREAS, type EnvelopeKind } from '../../areas/registry.js';
import type { EnvelopeSchema } from './common.js';

/**
 * The kinds in the order schemas/ lists them: the areas that judge objects by reason codes first, in
 * registry order, then the reports that run checks or gather other areas' findings (triage, doctor).
 * This is the order of API version v1alpha3's schema file, which must not change for that version.
 */
function schemaOrder(areas: readonly Area[]): Area[] {
  return [...areas.filter((a) => a.reasons), ...areas.filter((a) => !a.reasons)];
}

/** Kind → schema over the areas' envelope modules; a kind registered by two areas is an error. */
export async function envelopesOf(areas: readonly Area[]): Promise<Record<string, EnvelopeSchema>> {
  const loaded = await Promise.all(schemaOrder(areas).map((area) => area.envelope()));
  const all: Record<string, EnvelopeSchema> = {};
  for (const { ENVELOPES: schemas } of loaded)
    for (const [kind, schema] of Object.entries(schemas)) {
      if (all[kind]) throw new Error(`two areas register the envelope kind ${kind}`);
      all[kind] = schema;
    }
  return all;
}

export const ENVELOPES = (await envelopesOf(AREAS)) as Readonly<Record<EnvelopeKind, EnvelopeSchema>>;
