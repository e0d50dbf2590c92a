import { type Static, Type } from '@sinclair/typebox';
import { dateRangeError } from '../../domain/list-query.ts';
import type { AuditFilter } from '../../domain/ports/audit-trail.ts';
import { isIsoDate } from '../../domain/training-form-validation.ts';
import { text } from './route-schemas.ts';

/** The audit log page's state, as it appears in the URL (so links and the back button keep it). */
export interface AuditParams {
  readonly actor: string;
  readonly action: string;
  /** Inclusive UTC days, `YYYY-MM-DD`. */
  readonly from: string;
  readonly to: string;
  /** One entity's history: its type and id (both or neither). */
  readonly entity: string;
  readonly id: string;
}

const KEYS = ['actor', 'action', 'from', 'to', 'entity', 'id'] as const;
const id = () => Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }));

/** `/admin/audit`'s query: its shape; the rules are in {@link auditParams}. */
export const AuditQuery = Type.Object({
  actor: text(),
  action: text(),
  from: text(),
  to: text(),
  entity: Type.Optional(Type.String({ pattern: '^[a-z_]{0,40}$' })),
  id: Type.Optional(Type.String({ maxLength: 64 })),
  /** The page just older / newer than this event (the Older / Newer links). */
  older: id(),
  newer: id(),
});
export type AuditQuery = Static<typeof AuditQuery>;

/**
 * The page state for a query: text trimmed and cut; a bad date is reported next to its field (and
 * ignored), and so is a reversed range (kept: it matches nothing).
 */
export function auditParams(query: AuditQuery): { params: AuditParams; errors: Record<string, string> } {
  const trimmed = (value: string | undefined, max: number) => (value ?? '').trim().slice(0, max);
  const errors: Record<string, string> = {};
  const date = (key: 'from' | 'to') => {
    const v = trimmed(query[key], 10);
    if (v !== '' && !isIsoDate(v)) {
      errors[key] = 'Not a date (YYYY-MM-DD); ignored.';
      return '';
    }
    return v;
  };
  const [from, to] = [date('from'), date('to')];
  const reversed = dateRangeError(from, to);
  if (reversed) errors.to = reversed;
  const entity = query.entity ?? '';
  const entityId = trimmed(query.id, 64);
  return {
    params: {
      actor: trimmed(query.actor, 120),
      action: trimmed(query.action, 40),
      from,
      to,
      entity: entity && entityId ? entity : '',
      id: entity && entityId ? entityId : '',
    },
    errors,
  };
}

/** The trail filter for these parameters: days are whole UTC days, `to` included. */
export function toAuditFilter(p: AuditParams): AuditFilter {
  const day = (d: string) => new Date(`${d}T00:00:00.000Z`);
  return {
    ...(p.actor && { actor: p.actor }),
    ...(p.action && { action: p.action }),
    ...(p.entity && p.id && { entity: { type: p.entity, id: p.id } }),
    ...(p.from && { from: day(p.from) }),
    ...(p.to && { before: new Date(day(p.to).getTime() + 86_400_000) }),
  };
}

/** A URL for the audit log with these parameters changed (and a page position); blanks are left out. */
export function auditUrl(
  p: AuditParams,
  change: Partial<AuditParams> = {},
  position: { older?: number; newer?: number } = {},
): string {
  const merged: AuditParams = { ...p, ...change };
  const search = new URLSearchParams();
  for (const key of KEYS) if (merged[key] !== '') search.set(key, merged[key]);
  if (position.older !== undefined) search.set('older', String(position.older));
  if (position.newer !== undefined) search.set('newer', String(position.newer));
  const qs = search.toString();
  return qs ? `/admin/audit?${qs}` : '/admin/audit';
}
