import type { Kysely } from 'kysely';
import { introspectMariadb } from './mariadb-introspector.ts';
import type { SchemaDialect, SchemaModel } from './schema-model.ts';
import { introspectSqlite } from './sqlite-introspector.ts';

/** Reads a live database into the canonical model with the dialect's introspector. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- introspects any database
export function introspectDatabase(db: Kysely<any>, dialect: SchemaDialect): Promise<SchemaModel> {
  return dialect === 'sqlite' ? introspectSqlite(db) : introspectMariadb(db);
}
