import type { AuditEvent } from '../audit-event.ts';

/** Which audit events a search matches; a filter left out matches every event. */
export interface AuditFilter {
  /** Events of exactly this actor (a username, or `system:cleanup`). */
  readonly actor?: string;
  /** Events of exactly this action (`update`, `sign-in-failed`, …). */
  readonly action?: string;
  /** Events about this one entity (`training_form` and its id): its whole history, even once purged. */
  readonly entity?: { readonly type: string; readonly id: string };
  /** Events at or after this time. */
  readonly from?: Date;
  /** Events before this time (exclusive). */
  readonly before?: Date;
}

/** A place in the trail's order (newest first: by time, then by id): an event's time and id. */
export interface AuditPosition {
  readonly occurredAt: Date;
  readonly id: number;
}

/**
 * The whole audit trail read for people (`/admin/audit`): every event, newest first, filtered by
 * actor, action and time, a page at a time by position (keyset), so a page costs the same at any
 * depth and events written meanwhile do not shift the pages being read.
 */
export interface AuditTrail {
  /**
   * At most `limit` matching events, newest first (time, then id): the newest ones; with
   * `olderThan`, those just older than that position; with `newerThan`, those just newer (still
   * listed newest first).
   */
  page(
    filter: AuditFilter,
    options: { readonly limit: number; readonly olderThan?: AuditPosition; readonly newerThan?: AuditPosition },
  ): Promise<AuditEvent[]>;

  /** How many events match, counted up to `cap` (a larger count comes back as `cap`). */
  count(filter: AuditFilter, cap: number): Promise<number>;

  /** The event with this id, or null. */
  event(id: number): Promise<AuditEvent | null>;

  /** Every action that occurs in the trail, sorted. */
  actions(): Promise<string[]>;

  /** Actors that occur in the trail, sorted; at most `limit`. */
  actors(limit: number): Promise<string[]>;
}
