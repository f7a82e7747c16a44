// Names for the API Priority and Fairness classification the server sends as UIDs (the flow schema and
// priority level headers), for the Throttled error and doctor's "flow control" check.

import { FLOW_CONTROL_LISTS } from './resources.js';
import type { FlowClassification, FlowControlInfo } from './throttle.js';
import type { Send } from './transport.js';

export class FlowNames {
  private names?: Promise<Map<string, string>>;

  constructor(private readonly send: Send) {}

  /**
   * Names for the UIDs the server sent. The APF objects are listed once and again only when a UID is
   * new, without retries (that list may be throttled too); unreadable ones leave the UIDs shown.
   */
  async describe(flow: FlowClassification): Promise<FlowControlInfo> {
    const known = (names: Map<string, string>) =>
      [flow.flowSchemaUid, flow.priorityLevelUid].every((uid) => uid === undefined || names.has(uid));
    if (!this.names || !known(await this.names)) this.names = this.read();
    const names = await this.names;
    const flowSchema = flow.flowSchemaUid ? names.get(flow.flowSchemaUid) : undefined;
    const priorityLevel = flow.priorityLevelUid ? names.get(flow.priorityLevelUid) : undefined;
    return {
      ...flow,
      ...(flowSchema ? { flowSchema } : {}),
      ...(priorityLevel ? { priorityLevel } : {}),
      named: flowSchema !== undefined || priorityLevel !== undefined,
    };
  }

  private async read(): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const list of FLOW_CONTROL_LISTS) {
      try {
        const answer = await this.send(
          'GET',
          `/apis/${list.group}/${list.version}/${list.resource}?limit=500`,
          undefined,
          'application/json',
          false,
        );
        if (answer.status !== 200) continue;
        const parsed = JSON.parse(answer.body) as {
          items?: { metadata?: { uid?: string; name?: string } }[];
        };
        for (const item of parsed.items ?? [])
          if (item.metadata?.uid && item.metadata.name) names.set(item.metadata.uid, item.metadata.name);
      } catch {
        // Unreadable (RBAC, throttled, timeout): the UIDs are shown instead.
      }
    }
    return names;
  }
}
