/** What a requirement applies to: a department or a job title, as the directory (Graph) spells it. */
export const SCOPE_KINDS = ['department', 'job_title'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export interface RequirementScope {
  readonly kind: ScopeKind;
  /** Matched exactly against `employees.department` / `employees.job_title`. */
  readonly value: string;
}

/** A document that everyone in a scope must be trained on. */
export interface TrainingRequirement {
  readonly id: number;
  readonly documentId: number;
  readonly scope: RequirementScope;
  readonly createdBy: string;
  readonly createdAt: Date;
}

export type NewTrainingRequirement = Omit<TrainingRequirement, 'id'>;

/** `department: Maintenance`, for messages and audit values. */
export const describeScope = (scope: RequirementScope): string =>
  `${scope.kind === 'department' ? 'department' : 'job title'}: ${scope.value}`;
