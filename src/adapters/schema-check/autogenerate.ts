import {
  columnDefinition,
  columnCallback,
  createIndexCode,
  createTableCode,
  foreignKeyDefinition,
  kyselyType,
  list,
  str,
} from './migration-code.ts';
import { diffSchemas } from './schema-diff.ts';
import type { ColumnModel, FullTextIndexModel, SchemaDialect, SchemaModel } from './schema-model.ts';

/** One generated statement group, with the reason it can lose data (null when it cannot). */
export interface GeneratedStep {
  readonly code: readonly string[];
  readonly destructive: string | null;
}

/** The steps taking a database from `from` to `to`, in a safe order, and the imports they need. */
export interface GeneratedSteps {
  readonly steps: readonly GeneratedStep[];
  readonly imports: ReadonlySet<string>;
}

const RANK: Record<string, number> = { integer: 1, bigint: 2 };

/** Null when `from` → `to` keeps every value; else why it may not. */
export function narrowing(from: string, to: string): string | null {
  if (from === to) return null;
  const v = (t: string) => /^varchar\((\d+)\)$/.exec(t);
  const d = (t: string) => /^decimal\((\d+),(\d+)\)$/.exec(t);
  const [vf, vt, df, dt] = [v(from), v(to), d(from), d(to)];
  if (vf && vt) return Number(vt[1]) >= Number(vf[1]) ? null : `narrows ${from} to ${to}`;
  if (vf && to === 'text') return null;
  if (df && dt)
    return Number(dt[2]) >= Number(df[2]) && Number(dt[1]) - Number(dt[2]) >= Number(df[1]) - Number(df[2])
      ? null
      : `narrows ${from} to ${to}`;
  if (RANK[from] && RANK[to]) return (RANK[to] ?? 0) >= (RANK[from] ?? 0) ? null : `narrows ${from} to ${to}`;
  if ((from === 'boolean' && (to === 'integer' || to === 'bigint')) || (from === 'date' && /^datetime/.test(to)))
    return null;
  return `changes type ${from} to ${to}`;
}

/** `tables` ordered so that a table comes after the tables (of the same set) it references. */
function referencedFirst(model: SchemaModel, tables: readonly string[]): string[] {
  const ordered: string[] = [];
  const visit = (t: string, seen: Set<string>) => {
    if (ordered.includes(t) || seen.has(t)) return;
    seen.add(t);
    for (const fk of model.tables[t]?.foreignKeys ?? [])
      if (tables.includes(fk.referencedTable)) visit(fk.referencedTable, seen);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

/**
 * Plans the migration steps that take a database shaped like `from` to `to` (both canonical
 * models). Order: drop indexes and foreign keys that go or change, create tables (referenced
 * first), add columns, per-table `alterTable()` (column changes, primary key, drops, new foreign
 * keys), create indexes, drop tables. `rows` (row count per table) decides whether adding
 * NOT NULL can fail or lose data.
 */
export function planMigration(
  dialect: SchemaDialect,
  from: SchemaModel,
  to: SchemaModel,
  rows: Readonly<Record<string, number>>,
): GeneratedSteps {
  const imports = new Set<string>();
  const diffs = diffSchemas(dialect, to, from);
  const dropIdx: GeneratedStep[] = [],
    create: GeneratedStep[] = [],
    addCols: GeneratedStep[] = [],
    createIdx: GeneratedStep[] = [],
    dropTables: GeneratedStep[] = [];
  const alter = new Map<string, { changes: string[]; destructive: string[] }>();
  const alterOf = (t: string) =>
    alter.get(t) ??
    (alter.set(t, { changes: [], destructive: [] }).get(t) as { changes: string[]; destructive: string[] });
  const altered = new Set<string>();
  const fullText = new Set<string>();
  const hasRows = (t: string) => (rows[t] ?? 0) > 0;

  for (const d of diffs) {
    const want = to.tables[d.table];
    const have = from.tables[d.table];
    const column = d.object?.slice(d.table.length + 1) ?? '';
    switch (d.kind) {
      case 'missing-table':
        break;
      case 'extra-table':
        break;
      case 'missing-column': {
        const c = want?.columns[column] as ColumnModel;
        const nativeOk = c.nullable || (c.default !== null && c.default !== 'CURRENT_TIMESTAMP');
        const why =
          !c.nullable && c.default === null && hasRows(d.table)
            ? `adds NOT NULL column ${d.object} without a default to a table with ${rows[d.table]} row(s)`
            : null;
        if (nativeOk && !c.autoIncrement) {
          const cb = columnCallback({ columns: {}, primaryKey: [], indexes: [], foreignKeys: [] }, column, c, imports);
          addCols.push({
            code: [
              `await db.schema.alterTable(${str(d.table)}).addColumn(${str(column)}, ${kyselyType(c.type, imports)}${cb ? `, ${cb}` : ''}).execute();`,
            ],
            destructive: why,
          });
        } else {
          alterOf(d.table).changes.push(
            `{ kind: 'addColumn', column: ${str(column)}, definition: ${columnDefinition(c, imports)} }`,
          );
          if (why) alterOf(d.table).destructive.push(why);
        }
        break;
      }
      case 'extra-column':
        alterOf(d.table).changes.push(`{ kind: 'dropColumn', column: ${str(column)} }`);
        alterOf(d.table).destructive.push(`drops column ${d.object} and its data`);
        break;
      case 'column-type':
      case 'column-nullability':
      case 'column-default':
      case 'column-auto-increment': {
        const c = want?.columns[column] as ColumnModel;
        const old = have?.columns[column] as ColumnModel;
        if (altered.has(d.object ?? '')) break;
        altered.add(d.object ?? '');
        alterOf(d.table).changes.push(
          `{ kind: 'alterColumn', column: ${str(column)}, definition: ${columnDefinition(c, imports)} }`,
        );
        const narrow = narrowing(old.type, c.type);
        if (narrow) alterOf(d.table).destructive.push(`${d.object} ${narrow}`);
        if (old.nullable && !c.nullable && hasRows(d.table))
          alterOf(d.table).destructive.push(
            `makes ${d.object} NOT NULL on a table with ${rows[d.table]} row(s) (fails if any is null)`,
          );
        break;
      }
      case 'primary-key':
        alterOf(d.table).changes.push(`{ kind: 'setPrimaryKey', columns: ${list(want?.primaryKey ?? [])} }`);
        break;
      case 'missing-index':
      case 'extra-index':
      case 'index-definition': {
        if (d.kind !== 'missing-index') {
          imports.add('dropIndex');
          dropIdx.push({ code: [`await dropIndex(db, ${str(d.table)}, ${str(d.object ?? '')});`], destructive: null });
        }
        const i = want?.indexes.find((x) => x.name === d.object);
        if (i && d.kind !== 'extra-index') createIdx.push({ code: createIndexCode(d.table, i), destructive: null });
        break;
      }
      case 'missing-full-text-index':
      case 'extra-full-text-index':
      case 'full-text-index-definition':
      case 'full-text-index-out-of-step':
      case 'missing-trigger':
      case 'trigger-definition': {
        // A changed index, a missing or edited trigger, an index out of step: dropped and created again (rebuilt).
        const index = d.kind.includes('trigger') ? (d.object ?? '').replace(/_a[idu]$/, '') : (d.object ?? '');
        if (fullText.has(`${d.table}.${index}`)) break;
        fullText.add(`${d.table}.${index}`);
        if (d.kind !== 'missing-full-text-index') dropIdx.push(dropFullTextCode(d.table, index, imports));
        const i = want?.fullTextIndexes?.find((x) => x.name === index);
        if (i) createIdx.push(createFullTextCode(d.table, i, imports));
        break;
      }
      case 'missing-foreign-key':
      case 'extra-foreign-key':
      case 'foreign-key-definition': {
        const old =
          have?.foreignKeys.find((f) => (f.name ?? `(${f.columns.join(', ')})`) === d.object) ??
          (d.kind === 'foreign-key-definition'
            ? have?.foreignKeys.find(
                (f) => f.columns.join() === want?.foreignKeys.find((w) => w.name === d.object)?.columns.join(),
              )
            : undefined);
        if (d.kind !== 'missing-foreign-key' && old)
          alterOf(d.table).changes.unshift(
            `{ kind: 'dropForeignKey', name: ${old.name ? str(old.name) : 'null'}, columns: ${list(old.columns)} }`,
          );
        const fk = want?.foreignKeys.find((f) => f.name === d.object);
        if (fk && d.kind !== 'extra-foreign-key')
          alterOf(d.table).changes.push(`{ kind: 'addForeignKey', foreignKey: ${foreignKeyDefinition(d.table, fk)} }`);
        break;
      }
    }
  }
  // new tables: referenced ones first; dropped tables: referencing ones first
  const ordered = referencedFirst(
    to,
    diffs.filter((d) => d.kind === 'missing-table').map((d) => d.table),
  );
  for (const t of referencedFirst(
    from,
    diffs.filter((d) => d.kind === 'extra-table').map((d) => d.table),
  ).reverse()) {
    for (const i of from.tables[t]?.fullTextIndexes ?? []) dropIdx.push(dropFullTextCode(t, i.name, imports));
    dropTables.push({
      code: [`await db.schema.dropTable(${str(t)}).execute();`],
      destructive: `drops table ${t} and its ${rows[t] ?? 0} row(s)`,
    });
  }
  for (const t of ordered) {
    const spec = to.tables[t];
    if (!spec) continue;
    create.push({ code: createTableCode(t, spec, imports), destructive: null });
    for (const i of spec.indexes) createIdx.push({ code: createIndexCode(t, i), destructive: null });
    for (const i of spec.fullTextIndexes ?? []) createIdx.push(createFullTextCode(t, i, imports));
  }
  const alters: GeneratedStep[] = [...alter].map(([t, a]) => {
    imports.add('alterTable');
    return {
      code: [`await alterTable(db, ${str(t)}, [`, ...a.changes.map((c) => `  ${c},`), ']);'],
      destructive: a.destructive.length ? a.destructive.join('; ') : null,
    };
  });
  return { steps: [...dropIdx, ...create, ...addCols, ...alters, ...createIdx, ...dropTables], imports };
}

function createFullTextCode(table: string, i: FullTextIndexModel, imports: Set<string>): GeneratedStep {
  imports.add('createFullTextIndex');
  return {
    code: [`await createFullTextIndex(db, ${str(table)}, ${str(i.name)}, ${list(i.columns)});`],
    destructive: null,
  };
}

function dropFullTextCode(table: string, name: string, imports: Set<string>): GeneratedStep {
  imports.add('dropFullTextIndex');
  return { code: [`await dropFullTextIndex(db, ${str(table)}, ${str(name)});`], destructive: null };
}
