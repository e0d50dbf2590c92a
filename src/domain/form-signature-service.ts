import { TRAINING_FORM_ENTITY } from './audit-event.ts';
import {
  StaleTrainingFormError,
  TrainingFormDeletedError,
  TrainingFormNotFoundError,
  ValidationError,
} from './errors.ts';
import {
  checkMaySign,
  SIGNATURE_MEANING,
  signaturePanel,
  signatureState,
  type FormSignature,
  type SignaturePanel,
} from './form-signature.ts';
import type { Clock } from './ports/clock.ts';
import type { ReadRepositories, UnitOfWork } from './ports/unit-of-work.ts';
import type { SignInService } from './sign-in-service.ts';
import type { TrainingForm } from './training-form.ts';
import type { SessionUser } from './user.ts';

/** What the audit trail names the password check of a signature (`sign-in-failed` … `purpose`). */
export const SIGNATURE_PURPOSE = 'form-signature';

/** What a signer submits: the password again, the version they saw, and (an admin for the trainer) a reason. */
export interface SignRequest {
  readonly password: string;
  readonly version: number;
  readonly reason?: string | null;
  /** The client's address, for the sign-in throttle. */
  readonly address: string;
}

/**
 * The trainer's electronic sign-off of a training form: the password is checked again through the
 * sign-in service (its throttle and audit), and the signature and its audit event are written in
 * one unit of work. Refusals for a wrong password are audited on the form too.
 */
export class FormSignatureService {
  constructor(
    private readonly deps: {
      readonly uow: UnitOfWork;
      readonly clock: Clock;
      readonly passwords: Pick<SignInService, 'confirmPassword'>;
    },
  ) {}

  /** The signature state of `form` and whether `user` may sign it now. */
  async panel(form: TrainingForm, user: SessionUser): Promise<SignaturePanel> {
    const latest = await this.deps.uow.read((tx) => tx.signatures.latestFor(form.id));
    return signaturePanel(form, latest, user);
  }

  /**
   * Signs form `id` at `request.version` as `user`. Throws {@link TrainingFormNotFoundError},
   * {@link TrainingFormDeletedError}, {@link StaleTrainingFormError} (the form changed since the
   * signer saw it), the refusals of `checkMaySign`, and {@link ValidationError} on `password` when the
   * password is refused (audited as `sign-refused` on the form).
   */
  async sign(id: number, user: SessionUser, request: SignRequest): Promise<FormSignature> {
    await this.deps.uow.read(async (tx) => this.check(tx, id, user, request));
    const confirmed = await this.deps.passwords.confirmPassword(
      user.username,
      request.password,
      request.address,
      SIGNATURE_PURPOSE,
    );
    if (!confirmed.ok) {
      const at = this.deps.clock.now();
      await this.deps.uow.run((tx) =>
        tx.audit.record(
          event(at, user.username, 'sign-refused', id, { reason: confirmed.reason, version: request.version }),
        ),
      );
      throw new ValidationError({ password: confirmed.message });
    }
    const at = this.deps.clock.now();
    return this.deps.uow.run(async (tx) => {
      const { form, state, adminReason } = await this.check(tx, id, user, request);
      const signature = await tx.signatures.insert({
        formId: id,
        formVersion: form.version,
        signerUsername: user.username,
        printedName: user.displayName,
        meaning: SIGNATURE_MEANING,
        signedAt: at,
        adminReason,
      });
      await tx.audit.record(
        event(at, user.username, 'sign', id, {
          changes: {
            signature: { from: state.status, to: 'signed' },
            signedBy: { from: null, to: user.displayName },
            meaning: { from: null, to: SIGNATURE_MEANING },
            signedVersion: { from: null, to: form.version },
          },
          ...(adminReason && { reason: adminReason }),
        }),
      );
      return signature;
    });
  }

  /** The form as the signer saw it, and the admin reason to record; throws the refusals. */
  private async check(tx: ReadRepositories, id: number, user: SessionUser, request: SignRequest) {
    const form = await tx.forms.findById(id);
    if (!form) throw new TrainingFormNotFoundError(id);
    if (form.deleted) throw new TrainingFormDeletedError(id);
    const state = signatureState(form.version, await tx.signatures.latestFor(id));
    const adminReason = checkMaySign(form, state, user, request.reason);
    if (form.version !== request.version) throw new StaleTrainingFormError(id, request.version, form.version);
    return { form, state, adminReason };
  }
}

function event(at: Date, actor: string, action: string, id: number, details: Record<string, unknown>) {
  return { occurredAt: at, actor, action, entityType: TRAINING_FORM_ENTITY, entityId: String(id), details };
}
