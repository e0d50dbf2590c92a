import t from 'tap';
import { describeDifference, formatCheckReport } from '../../../src/adapters/schema-check/check-report.ts';
import { declaredModel, type Declaration } from '../../../src/adapters/schema-check/declared-model.ts';
import { introspectDatabase } from '../../../src/adapters/schema-check/introspect.ts';
import { checkSchema } from '../../../src/adapters/schema-check/schema-check.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { app, cases } from './drift-cases.ts';

t.test('drift corpus: each kind of difference, alone, is reported once and names its object', async (t) => {
  await forEachDialect(t, async (t, handle) => {
    const check = async (declaration: Declaration) =>
      checkSchema({
        dialect: handle.dialect,
        target: 'test',
        declared: declaredModel(declaration),
        live: await introspectDatabase(handle.db, handle.dialect),
        files: [],
        applied: [],
      });
    t.same((await check(app)).verdicts.schemaDifferences.differences, [], 'clean before');
    await handle.db
      .insertInto('audit_events')
      .values({
        occurred_at: '2026-01-01 00:00:00.000',
        actor: 'ann',
        action: 'create',
        entity_type: 'form',
        entity_id: '1',
        details: null,
      })
      .execute();
    for (const c of cases) {
      const applies = !c.only || c.only === handle.dialect;
      await c.db?.change(handle);
      const report = await check(c.declaration ?? app);
      const diffs = report.verdicts.schemaDifferences.differences;
      if (applies) {
        t.equal(diffs.length, 1, `${c.name}: exactly one difference`);
        t.match(
          diffs[0],
          { kind: c.kind, table: c.table, object: c.object },
          `${c.name}: ${diffs[0] ? describeDifference(diffs[0]) : 'none'}`,
        );
        t.notOk(report.ok, `${c.name}: the check fails`);
        const lines = formatCheckReport(report);
        t.ok(
          lines.includes('❌ SCHEMA MISMATCH DETECTED!') &&
            lines.some((l) => l.includes(c.object ?? c.table) && l.includes('expected')),
          `${c.name}: a line names ${c.object ?? c.table}`,
        );
      } else t.same(diffs, [], `${c.name}: no difference on ${handle.dialect}`);
      await c.db?.undo(handle);
    }
    t.same(
      (await check(app)).verdicts.schemaDifferences.differences,
      [],
      'clean after every undo: rebuilds kept indexes and foreign keys',
    );
    const rows = await handle.db.selectFrom('audit_events').select(['actor', 'action']).execute();
    t.same(rows, [{ actor: 'ann', action: 'create' }], 'table rebuilds kept the data');
  });
});
