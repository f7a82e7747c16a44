import type { AuditRecord, AuditSink } from '../../src/cluster/audit.js';

/** Keeps audit records in memory, so a test can read what was allowed and refused. */
export class MemoryAudit implements AuditSink {
  records: Omit<AuditRecord, 'time' | 'caller'>[] = [];
  record(entry: Omit<AuditRecord, 'time' | 'caller'>): void {
    this.records.push(entry);
  }
}
