import { sql } from 'kysely';
import t from 'tap';
import { connectDatabase } from '../../../src/adapters/db/connection/connect.ts';
import { createScratchCopy } from '../../../src/adapters/db/migrator/scratch-copy.ts';
import { declaredModel } from '../../../src/adapters/schema-check/declared-model.ts';
import { introspectDatabase } from '../../../src/adapters/schema-check/introspect.ts';
import { diffSchemas } from '../../../src/adapters/schema-check/schema-diff.ts';
import { declaredSchema } from '../../../src/declared-schema/declared-schema.ts';
import { forEachDialect } from '../../helpers/targets.ts';

// The rehearsal's scratch copy of a database holding a full-text index: the FTS5 table is created
// once (its shadow tables come with it, not copied beside it), its triggers work, the copy matches
// the declaration.

t.test('a scratch copy carries the full-text index and its triggers', (t) =>
  forEachDialect(t, async (t, handle, ctx) => {
    const copy = await createScratchCopy(handle, ctx.settings);
    const target = connectDatabase(copy.settings);
    try {
      t.same(
        diffSchemas(target.dialect, declaredModel(declaredSchema), await introspectDatabase(target.db, target.dialect)),
        [],
        'the copy matches the declaration',
      );
      await target.db
        .insertInto('training_forms')
        .values({
          title: 'Calibration basics',
          training_type: 'Classroom',
          trainer: 'Ann',
          training_date: '2026-01-01',
          duration_minutes: 60,
          created_by: 'ann',
          created_at: '2026-01-01 00:00:00.000',
          updated_by: 'ann',
          updated_at: '2026-01-01 00:00:00.000',
        })
        .execute();
      const found =
        target.dialect === 'sqlite'
          ? await sql<{
              n: number;
            }>`select count(*) as n from fts_training_forms where fts_training_forms match '"calib"*'`.execute(
              target.db,
            )
          : await sql<{
              n: number;
            }>`select count(*) as n from training_forms where match (title, description, trainer, reference_document) against ('+calib*' in boolean mode)`.execute(
              target.db,
            );
      t.equal(Number(found.rows[0]?.n), 1, 'a row written in the copy is found through its index');
    } finally {
      await target.close();
      await copy.drop(); // before the source database is dropped: the drop connects to it
    }
  }),
);
