// What an area registers: its queries (the MCP tools), the help of its command, the reason codes its rules
// report (or the checks it runs), and how the MCP instructions point a model at its tools. The registry, the
// MCP server and the README generator read only this; none of them lists an area's names by hand.

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
  /** Stable reason code → severity, meaning, hint and docs, for the findings its rules report. */
  reasons?: ReasonMap;
  /** Check name → what it verifies, for an area that runs checks instead of rules. */
  checks?: Readonly<Record<string, string>>;
  guide: ToolGuide;
}

export function defineArea(area: Area): Area {
  return area;
}
