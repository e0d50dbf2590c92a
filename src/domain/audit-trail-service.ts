import type { AuditEvent } from './audit-event.ts';
import type { AuditFilter, AuditPosition, AuditTrail } from './ports/audit-trail.ts';

/** Events on one page of the audit log. */
export const AUDIT_PAGE_SIZE = 50;

/** Matches are counted up to this many; beyond it the page says "10,000+". */
export const AUDIT_COUNT_CAP = 10_000;

/** At most this many actors are offered as choices for the actor filter. */
export const AUDIT_ACTOR_CHOICES = 500;

/** Which page of the audit log to show: the filter, and where (an event id from an Older / Newer link). */
export interface AuditPageRequest {
  readonly filter: AuditFilter;
  /** The page just older than this event (the "Older" link: the last event of the page seen). */
  readonly olderThan?: number;
  /** The page just newer than this event (the "Newer" link: the first event of the page seen). */
  readonly newerThan?: number;
}

/** One page of the audit log, newest first. */
export interface AuditPage {
  readonly events: readonly AuditEvent[];
  /** The id to ask `olderThan` for the next older page; null on the oldest page. */
  readonly olderThan: number | null;
  /** The id to ask `newerThan` for the next newer page; null on the newest page. */
  readonly newerThan: number | null;
  /** Matching events, counted up to {@link AUDIT_COUNT_CAP}; `totalCapped`: at least that many. */
  readonly total: number;
  readonly totalCapped: boolean;
}

/** The global audit log (`/admin/audit`): every event, filtered, paged by position. */
export class AuditTrailService {
  constructor(
    private readonly deps: { readonly trail: AuditTrail },
    private readonly pageSize = AUDIT_PAGE_SIZE,
  ) {}

  /**
   * A page of matching events, newest first. A position that no longer exists (an edited link) or
   * lies past either end of the matches gives the newest page, never an empty one while events match.
   */
  async page(request: AuditPageRequest): Promise<AuditPage> {
    const { trail } = this.deps;
    const { filter } = request;
    const limit = this.pageSize;
    const [counted, older, newer] = await Promise.all([
      trail.count(filter, AUDIT_COUNT_CAP + 1),
      this.position(request.olderThan),
      this.position(request.newerThan),
    ]);
    const totals = { total: Math.min(counted, AUDIT_COUNT_CAP), totalCapped: counted > AUDIT_COUNT_CAP };
    if (older) {
      const found = await trail.page(filter, { limit: limit + 1, olderThan: older });
      const events = found.slice(0, limit);
      if (events.length > 0)
        return {
          events,
          olderThan: found.length > limit ? events[events.length - 1]!.id : null,
          newerThan: events[0]!.id,
          ...totals,
        };
    } else if (newer) {
      const found = await trail.page(filter, { limit: limit + 1, newerThan: newer });
      // A full page with more above it; otherwise the newest page is the one to show.
      if (found.length > limit) {
        const events = found.slice(1);
        return { events, olderThan: events[events.length - 1]!.id, newerThan: events[0]!.id, ...totals };
      }
    }
    const found = await trail.page(filter, { limit: limit + 1 });
    const events = found.slice(0, limit);
    return {
      events,
      olderThan: found.length > limit ? events[events.length - 1]!.id : null,
      newerThan: null,
      ...totals,
    };
  }

  /** What the filters offer: every action in the trail, and its actors (at most {@link AUDIT_ACTOR_CHOICES}). */
  async choices(): Promise<{ readonly actions: readonly string[]; readonly actors: readonly string[] }> {
    const [actions, actors] = await Promise.all([
      this.deps.trail.actions(),
      this.deps.trail.actors(AUDIT_ACTOR_CHOICES),
    ]);
    return { actions, actors };
  }

  private async position(id: number | undefined): Promise<AuditPosition | null> {
    if (id === undefined) return null;
    const event = await this.deps.trail.event(id);
    return event ? { occurredAt: event.occurredAt, id: event.id } : null;
  }
}
