// The audit trail's public surface: its table, and what other features call to record their writes.
export { type AuditInput, diff, record, recordChange, recordMany } from './audit.service.ts';
export { auditLog } from './audit.table.ts';
