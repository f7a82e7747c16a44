// What an area registers: its queries (the MCP tools), the help of its command, its -o json|yaml envelope, the
// reason codes its rules report (or the checks it runs), and how the MCP instructions point a model at its
// tools. The registry, the MCP server, the envelope schemas and the README generator read only this; none of
// them lists an area's names by hand.

import type { EnvelopeSchema } from '../cli/envelopes/common.js';
import type { ReasonMap } from '../diagnose/finding.js';
import type { Query } from '../queries/query.js';

export interface CommandHelp {
  summary: string;
  description: string;
  examples: { command: string; description: string }[];
}

/** A tool named in the MCP instructions; `note` is said after its name, in brackets. */
export type GuideEntry = Pick<Query, 'name'> | { query: Pick<Query, 'name'>; note: string };

export interface ToolGuide {
  /** Tools that find problems in a namespace or the cluster: where a model should start. */
  survey?: readonly Pick<Query, 'name'>[];
  /** Tools that explain one object. */
  explain?: readonly GuideEntry[];
  /** Tools that say which permission or token is the problem after a 401 or 403. */
  whenDenied?: readonly Pick<Query, 'name'>[];
}

export interface Area {
  /** The heading of its section in the README findings table, e.g. "Pods". */
  title: string;
  /** The command line that shows the area, e.g. "kubectl diag pods", and that command's help. */
  command: { line: string; help: CommandHelp };
  queries: readonly Query[];
  /**
   * Its -o json|yaml envelope: `() => import('./envelope.js')`, a module that exports ENVELOPES, envelope
   * kind → schema (PodList, Pod), in the order schemas/ lists them. Loaded only when -o json|yaml asks or
   * `npm run schemas` runs: text output builds no envelope schema (start-up time).
   */
  envelope: () => Promise<{ ENVELOPES: EnvelopeSchemas }>;
  /** Stable reason code → severity, meaning, hint and docs, for the findings its rules report. */
  reasons?: ReasonMap;
  /** Check name → what it verifies, for an area that runs checks instead of rules. */
  checks?: Readonly<Record<string, string>>;
  guide: ToolGuide;
}

/** Envelope kind → its zod schema, as an area's envelope module exports them. */
export type EnvelopeSchemas = Readonly<Record<string, EnvelopeSchema>>;

/** The envelope kinds of an area as written: the keys of its envelope module's ENVELOPES. */
export type EnvelopeKindOf<A extends Area> = A extends {
  envelope: () => Promise<{ ENVELOPES: infer E }>;
}
  ? Extract<keyof E, string>
  : never;

const defined: Area[] = [];

/** An area, typed as written (its envelope module's kinds included), and noted as loaded in this process. */
export function defineArea<A extends Area>(area: A): A {
  defined.push(area);
  return area;
}

/**
 * The areas whose index module this process has loaded, in that order. A command loads its own area's,
 * so -o json|yaml finds that area's envelope here without loading the registry, which loads every area.
 */
export function loadedAreas(): readonly Area[] {
  return defined;
}
