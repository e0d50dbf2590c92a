import type { NewTrainingRequirement, RequirementScope, TrainingRequirement } from '../training-requirement.ts';

/** Which documents each department or job title must be trained on. */
export interface TrainingRequirements {
  /** Adds a requirement and returns it as stored. Throws `RequirementExistsError` when the same one exists. */
  insert(requirement: NewTrainingRequirement): Promise<TrainingRequirement>;

  /** The requirement of this document for this scope (exact scope value); null when none. */
  find(documentId: number, scope: RequirementScope): Promise<TrainingRequirement | null>;

  /** Removes a requirement; false when there was none with that id. */
  delete(id: number): Promise<boolean>;

  /** The requirements of one document, by scope kind, then scope value. */
  listForDocument(documentId: number): Promise<TrainingRequirement[]>;

  /** The requirements of one scope, by document id. */
  listForScope(scope: RequirementScope): Promise<TrainingRequirement[]>;
}
