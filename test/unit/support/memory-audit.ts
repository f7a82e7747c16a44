import type { AuditEntry, AuditSink } from '../../../src/cluster/audit.js';

/** Keeps audit records in memory, so a test can read what was allowed and refused. */
export class MemoryAudit implements AuditSink {
  records: AuditEntry[] = [];
  /** When set, record() throws it (a full disk, a closed log). */
  failWith?: Error;
  record(entry: AuditEntry): void {
    if (this.failWith) throw this.failWith;
    this.records.push(entry);
  }
  /** The records written before requests: one per request, allowed or denied. */
  get decisions(): AuditEntry[] {
    return this.records.filter((r) => r.decision !== undefined);
  }
}
