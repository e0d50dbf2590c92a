import type { Kysely } from 'kysely';
import { chunk, toDbTime } from '../src/adapters/db/connection/db-values.ts';
import type { Database } from '../src/declared-schema/declared-schema.ts';
import { randomSource, SEED_DEPARTMENTS, SEED_JOB_TITLES } from '../src/adapters/db/seed/seed-database.ts';
import { KyselyTrainingSummary } from '../src/adapters/db/repositories/kysely-training-summary.ts';

export { SEED_DEPARTMENTS };

export interface RegisterSeed {
  readonly documentIds: readonly number[];
  readonly revisions: number;
  readonly requirements: number;
  readonly linkedForms: number;
}

/**
 * Adds a register to a database seeded by `seedDatabase`: `documents` SOPs with 1-5 revisions
 * each (effective dates over the last ten years), 4-10 documents required per department and 1-3
 * per job title, and links `share` of the non-external forms to a revision of a random document
 * (the one in force on the training date, else the first). Ids are read back, never assumed.
 */
export async function seedRegister(
  db: Kysely<Database>,
  o: { documents: number; share: number; randomSeed: number; now: Date },
): Promise<RegisterSeed> {
  const rnd = randomSource(o.randomSeed + 17);
  const at = toDbTime(o.now);
  const tenYearsAgo = Date.UTC(o.now.getUTCFullYear() - 10, 0, 1);
  const day = (offset: number) => new Date(tenYearsAgo + offset * 86_400_000).toISOString().slice(0, 10);
  const seeded = await db.transaction().execute(async (trx) => {
    const docs = Array.from({ length: o.documents }, (_, i) => ({
      reference: `SOP-BENCH-${String(i + 1).padStart(4, '0')}`,
      title: `Bench procedure ${i + 1}`,
      retired: 0,
      created_by: 'seed',
      created_at: at,
      updated_by: 'seed',
      updated_at: at,
    }));
    for (const part of chunk(docs, 500)) await trx.insertInto('controlled_documents').values(part).execute();
    const documentIds = (
      await trx
        .selectFrom('controlled_documents')
        .select('id')
        .where('reference', 'like', 'SOP-BENCH-%')
        .orderBy('id')
        .execute()
    ).map((r) => r.id);

    const revisionRows = documentIds.flatMap((document_id) => {
      const count = rnd.int(1, 5);
      const offsets = [...new Set(Array.from({ length: count }, () => rnd.int(0, 3650)))].sort((a, b) => a - b);
      return offsets.map((offset, i) => ({
        document_id,
        revision: String.fromCharCode(65 + i),
        effective_date: day(offset),
        created_by: 'seed',
        created_at: at,
      }));
    });
    for (const part of chunk(revisionRows, 500)) await trx.insertInto('document_revisions').values(part).execute();
    const revisions = await trx
      .selectFrom('document_revisions')
      .select(['id', 'document_id', 'effective_date'])
      .where('document_id', 'in', documentIds)
      .orderBy('effective_date')
      .execute();
    const byDocument = new Map<number, { id: number; effective: string }[]>();
    for (const r of revisions)
      byDocument.set(r.document_id, [
        ...(byDocument.get(r.document_id) ?? []),
        { id: r.id, effective: String(r.effective_date).slice(0, 10) },
      ]);

    const requirementRows = [
      ...SEED_DEPARTMENTS.flatMap((value) =>
        pickDistinct(rnd, documentIds, rnd.int(4, 10)).map((document_id) => ({
          document_id,
          scope_kind: 'department',
          scope_value: value,
        })),
      ),
      ...SEED_JOB_TITLES.flatMap((value) =>
        pickDistinct(rnd, documentIds, rnd.int(1, 3)).map((document_id) => ({
          document_id,
          scope_kind: 'job_title',
          scope_value: value,
        })),
      ),
    ].map((r) => ({ ...r, created_by: 'seed', created_at: at }));
    for (const part of chunk(requirementRows, 500))
      await trx.insertInto('training_requirements').values(part).execute();

    const forms = await trx
      .selectFrom('training_forms')
      .select(['id', 'training_date'])
      .where('document_revision_id', 'is', null)
      .orderBy('id')
      .execute();
    const assigned = new Map<number, number[]>();
    for (const f of forms) {
      if (rnd.next() >= o.share) continue;
      const revs = byDocument.get(rnd.pick(documentIds)) ?? [];
      const date = String(f.training_date).slice(0, 10);
      const inForce = revs.filter((r) => r.effective <= date).at(-1) ?? revs[0];
      if (inForce) assigned.set(inForce.id, [...(assigned.get(inForce.id) ?? []), f.id]);
    }
    let linkedForms = 0;
    for (const [revisionId, ids] of assigned)
      for (const part of chunk(ids, 1000)) {
        await trx
          .updateTable('training_forms')
          .set({ document_revision_id: revisionId })
          .where('id', 'in', part)
          .execute();
        linkedForms += part.length;
      }
    return { documentIds, revisions: revisions.length, requirements: requirementRows.length, linkedForms };
  });
  // The links above bypass the forms repository: the matrix's summary is rebuilt from them, as an operator would.
  await new KyselyTrainingSummary(db).rebuild();
  return seeded;
}

function pickDistinct<T>(rnd: ReturnType<typeof randomSource>, list: readonly T[], n: number): T[] {
  const chosen = new Set<T>();
  while (chosen.size < Math.min(n, list.length)) chosen.add(rnd.pick(list));
  return [...chosen];
}
