import type { DatabaseSettings } from '../src/adapters/db/connection/connect.ts';
import { KyselyTrainingMatrixQueries } from '../src/adapters/db/repositories/kysely-training-matrix-queries.ts';
import { explainCalls } from './query-plans.ts';

/** The plans of the two matrix queries on a seeded database (`matrix-bench.ts --explain`). */
export function explainMatrix(settings: DatabaseSettings, documentId: number, department: string): Promise<string[]> {
  return explainCalls(settings, [
    [`document ${documentId}`, (db) => new KyselyTrainingMatrixQueries(db).documentTraining(documentId)],
    [`department ${department}`, (db) => new KyselyTrainingMatrixQueries(db).departmentTraining(department)],
  ]);
}
