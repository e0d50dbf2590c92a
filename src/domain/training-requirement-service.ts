import { DocumentRetiredError, RequirementExistsError, RequirementNotFoundError } from './document-errors.ts';
import { event, requireDocument } from './document-register-service.ts';
import { validateScope, type ScopeInput } from './document-validation.ts';
import type { Clock } from './ports/clock.ts';
import type { RegisterUnitOfWork } from './ports/register-unit-of-work.ts';
import { describeScope, type RequirementScope, type TrainingRequirement } from './training-requirement.ts';

/**
 * Which documents a department or job title must be trained on. Each change is audited on the
 * document (`require` / `unrequire`, `details.changes.requirement` old and new value).
 */
export class TrainingRequirementService {
  constructor(private readonly deps: { readonly uow: RegisterUnitOfWork; readonly clock: Clock }) {}

  /**
   * Requires a document for a scope. Throws `ValidationError`, `DocumentNotFoundError`,
   * {@link DocumentRetiredError} or {@link RequirementExistsError}.
   */
  async require(documentId: number, input: ScopeInput, actor: string): Promise<TrainingRequirement> {
    const scope = validateScope(input);
    const at = this.deps.clock.now();
    return this.deps.uow.run(async (tx) => {
      const document = await requireDocument(tx, documentId);
      if (document.retired) throw new DocumentRetiredError(document.reference);
      if (await tx.requirements.find(documentId, scope))
        throw new RequirementExistsError(document.reference, describeScope(scope));
      const requirement = await tx.requirements.insert({ documentId, scope, createdBy: actor, createdAt: at });
      await tx.audit.record(
        event(at, actor, 'require', documentId, { requirement: { from: null, to: describeScope(scope) } }),
      );
      return requirement;
    });
  }

  /**
   * Lifts a requirement (also of a retired document). Throws `ValidationError`, `DocumentNotFoundError` or
   * {@link RequirementNotFoundError}.
   */
  async unrequire(documentId: number, input: ScopeInput, actor: string): Promise<void> {
    const scope = validateScope(input);
    const at = this.deps.clock.now();
    await this.deps.uow.run(async (tx) => {
      const document = await requireDocument(tx, documentId);
      const requirement = await tx.requirements.find(documentId, scope);
      if (!requirement) throw new RequirementNotFoundError(document.reference, describeScope(scope));
      await tx.requirements.delete(requirement.id);
      await tx.audit.record(
        event(at, actor, 'unrequire', documentId, { requirement: { from: describeScope(scope), to: null } }),
      );
    });
  }

  /** The scopes a document is required for, by kind then value. Throws `DocumentNotFoundError`. */
  async forDocument(documentId: number): Promise<TrainingRequirement[]> {
    return this.deps.uow.read(async (tx) => {
      await requireDocument(tx, documentId);
      return tx.requirements.listForDocument(documentId);
    });
  }

  /** The documents required for one scope, by document id. */
  async forScope(scope: RequirementScope): Promise<TrainingRequirement[]> {
    return this.deps.uow.read((tx) => tx.requirements.listForScope(scope));
  }
}
