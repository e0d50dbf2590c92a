import { TRAINING_FORM_ENTITY } from './audit-event.ts';
import type { FieldChange } from './form-audit-details.ts';
import type { RevisionLink } from './ports/training-form-repository.ts';
import type { Clock } from './ports/clock.ts';
import type { UnitOfWork } from './ports/unit-of-work.ts';
import {
  matchReferences,
  referenceKey,
  revisionKey,
  type FreeTextReference,
  type UnmatchedReason,
} from './reference-matching.ts';

/** A form whose free-text reference names a register revision: what it says, and the revision it gets. */
export interface PlannedLink {
  readonly formId: number;
  readonly from: { readonly referenceDocument: string | null; readonly referenceRevision: string | null };
  readonly to: RevisionLink;
}

/** Forms whose reference matches nothing, grouped by the reference (ignoring case, spaces, punctuation). */
export interface UnmatchedGroup {
  /** As the first form of the group spells it. */
  readonly referenceDocument: string | null;
  readonly referenceRevision: string | null;
  readonly reason: UnmatchedReason;
  /** Ascending. */
  readonly formIds: readonly number[];
}

/** What matching would do: the links (by form id), and what matches nothing (largest group first). */
export interface ReferenceMatchPlan {
  readonly links: readonly PlannedLink[];
  readonly unmatched: readonly UnmatchedGroup[];
}

/** What applying a plan did. */
export interface ReferenceMatchResult {
  readonly linked: number;
  /** Forms given a revision by someone else between the plan and its batch (left as they are). */
  readonly alreadyLinked: number;
  readonly batches: number;
}

/** Forms read, and linked, per round trip / transaction. */
export const MATCH_BATCH = 500;

/**
 * Links existing forms' free-text references to the register (issue #17): forms with no revision
 * whose reference and revision match one register revision ({@link matchReferences}: case, spaces,
 * punctuation and a `Rev` prefix ignored; retired documents included, old forms were trained on
 * them) get that revision and the register's spelling. Forms that have a revision are never read,
 * so running it again changes nothing.
 */
export class ReferenceMatchService {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock }) {}

  /** What {@link apply} would link, and the references that match nothing. Reads only. */
  async plan(): Promise<ReferenceMatchPlan> {
    const forms: FreeTextReference[] = [];
    for (let afterId = 0; ;) {
      const batch = await this.deps.uow.read((tx) => tx.forms.unlinkedReferences(afterId, MATCH_BATCH));
      forms.push(...batch);
      const last = batch.at(-1);
      if (!last || batch.length < MATCH_BATCH) break;
      afterId = last.formId;
    }
    const register = await this.deps.uow.read(async (tx) => {
      const documents = await tx.documents.listDocuments({ includeRetired: true });
      return { documents, revisions: await tx.documents.revisionsOf(documents.map((d) => d.id)) };
    });
    const { matched, unmatched } = matchReferences(forms, register);
    const byForm = new Map(forms.map((f) => [f.formId, f]));
    const documents = new Map(register.documents.map((d) => [d.id, d]));
    const revisions = new Map(register.revisions.map((r) => [r.id, r]));
    const links = matched.map((m): PlannedLink => {
      const form = byForm.get(m.formId);
      return {
        formId: m.formId,
        from: {
          referenceDocument: form?.referenceDocument ?? null,
          referenceRevision: form?.referenceRevision ?? null,
        },
        to: {
          documentRevisionId: m.revisionId,
          referenceDocument: documents.get(m.documentId)?.reference ?? '',
          referenceRevision: revisions.get(m.revisionId)?.revision ?? '',
        },
      };
    });
    return { links, unmatched: groupUnmatched(unmatched) };
  }

  /**
   * Links the plan's forms in transactions of `batchSize`, each form audited in the same
   * transaction (one `update` event, actor `actor`, the changed fields from → to). A form linked
   * meanwhile is left alone and counted.
   */
  async apply(plan: ReferenceMatchPlan, actor: string, batchSize = MATCH_BATCH): Promise<ReferenceMatchResult> {
    let linked = 0;
    let alreadyLinked = 0;
    let batches = 0;
    for (let start = 0; start < plan.links.length; start += batchSize) {
      const part = plan.links.slice(start, start + batchSize);
      const at = this.deps.clock.now();
      const done = await this.deps.uow.run(async (tx) => {
        let n = 0;
        for (const link of part) {
          const before = await tx.forms.linkRevision(link.formId, link.to, actor, at);
          if (!before) continue;
          n++;
          await tx.audit.record({
            occurredAt: at,
            actor,
            action: 'update',
            entityType: TRAINING_FORM_ENTITY,
            entityId: String(link.formId),
            details: { changes: linkChanges(before, link.to) },
          });
        }
        return n;
      });
      batches++;
      linked += done;
      alreadyLinked += part.length - done;
    }
    return { linked, alreadyLinked, batches };
  }
}

/** The changed fields of a link, in the audit's `{ field: { from, to } }` shape. */
function linkChanges(
  before: { readonly referenceDocument: string | null; readonly referenceRevision: string | null },
  to: RevisionLink,
): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = { documentRevisionId: { from: null, to: to.documentRevisionId } };
  if (before.referenceDocument !== to.referenceDocument)
    changes.referenceDocument = { from: before.referenceDocument, to: to.referenceDocument };
  if (before.referenceRevision !== to.referenceRevision)
    changes.referenceRevision = { from: before.referenceRevision, to: to.referenceRevision };
  return changes;
}

function groupUnmatched(
  unmatched: readonly (FreeTextReference & { readonly reason: UnmatchedReason })[],
): UnmatchedGroup[] {
  const groups = new Map<string, UnmatchedGroup & { formIds: number[] }>();
  for (const u of unmatched) {
    const key = `${referenceKey(u.referenceDocument ?? '')}|${revisionKey(u.referenceRevision ?? '')}|${u.reason}`;
    const group = groups.get(key);
    if (group) group.formIds.push(u.formId);
    else
      groups.set(key, {
        referenceDocument: u.referenceDocument,
        referenceRevision: u.referenceRevision,
        reason: u.reason,
        formIds: [u.formId],
      });
  }
  return [...groups.values()].sort(
    (a, b) =>
      b.formIds.length - a.formIds.length ||
      (a.referenceDocument ?? '').localeCompare(b.referenceDocument ?? '') ||
      (a.referenceRevision ?? '').localeCompare(b.referenceRevision ?? ''),
  );
}
