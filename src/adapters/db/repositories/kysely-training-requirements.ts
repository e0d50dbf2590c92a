import type { Kysely, Selectable } from 'kysely';
import { RequirementExistsError } from '../../../domain/document-errors.ts';
import type { TrainingRequirements } from '../../../domain/ports/training-requirements.ts';
import {
  describeScope,
  SCOPE_KINDS,
  type NewTrainingRequirement,
  type RequirementScope,
  type ScopeKind,
  type TrainingRequirement,
} from '../../../domain/training-requirement.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { fromDbTime, toDbTime } from '../connection/db-values.ts';
import { isDuplicateKey } from './duplicate-key.ts';
import { bumpMatrixGeneration } from './matrix-generation.ts';

type RequirementRow = Selectable<Database['training_requirements']>;

/** {@link TrainingRequirements} on `training_requirements`. */
export class KyselyTrainingRequirements implements TrainingRequirements {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(r: NewTrainingRequirement): Promise<TrainingRequirement> {
    try {
      const result = await this.db
        .insertInto('training_requirements')
        .values({
          document_id: r.documentId,
          scope_kind: r.scope.kind,
          scope_value: r.scope.value,
          created_by: r.createdBy,
          created_at: toDbTime(r.createdAt),
        })
        .executeTakeFirstOrThrow();
      await bumpMatrixGeneration(this.db);
      const row = await this.db
        .selectFrom('training_requirements')
        .selectAll()
        .where('id', '=', Number(result.insertId))
        .executeTakeFirstOrThrow();
      return requirementFromRow(row);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const doc = await this.db
        .selectFrom('controlled_documents')
        .select('reference')
        .where('id', '=', r.documentId)
        .executeTakeFirst();
      throw new RequirementExistsError(doc?.reference ?? String(r.documentId), describeScope(r.scope), {
        cause: error,
      });
    }
  }

  async find(documentId: number, scope: RequirementScope): Promise<TrainingRequirement | null> {
    const row = await this.db
      .selectFrom('training_requirements')
      .selectAll()
      .where('scope_kind', '=', scope.kind)
      .where('scope_value', '=', scope.value)
      .where('document_id', '=', documentId)
      .executeTakeFirst();
    return row ? requirementFromRow(row) : null;
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('training_requirements').where('id', '=', id).executeTakeFirst();
    const deleted = Number(result.numDeletedRows) > 0;
    if (deleted) await bumpMatrixGeneration(this.db);
    return deleted;
  }

  async listForDocument(documentId: number): Promise<TrainingRequirement[]> {
    const rows = await this.db
      .selectFrom('training_requirements')
      .selectAll()
      .where('document_id', '=', documentId)
      .orderBy('scope_kind')
      .orderBy('scope_value')
      .orderBy('id')
      .execute();
    return rows.map(requirementFromRow);
  }

  async listForScope(scope: RequirementScope): Promise<TrainingRequirement[]> {
    const rows = await this.db
      .selectFrom('training_requirements')
      .selectAll()
      .where('scope_kind', '=', scope.kind)
      .where('scope_value', '=', scope.value)
      .orderBy('document_id')
      .execute();
    return rows.map(requirementFromRow);
  }
}

function requirementFromRow(r: RequirementRow): TrainingRequirement {
  if (!(SCOPE_KINDS as readonly string[]).includes(r.scope_kind))
    throw new Error(`training_requirements ${r.id}: unknown scope kind ${r.scope_kind}`);
  return {
    id: r.id,
    documentId: r.document_id,
    scope: { kind: r.scope_kind as ScopeKind, value: r.scope_value },
    createdBy: r.created_by,
    createdAt: fromDbTime(r.created_at),
  };
}
