import { ValidationError } from './errors.ts';
import { FormAlreadySignedError, SignatureNotAllowedError } from './signature-errors.ts';
import type { TrainingForm } from './training-form.ts';
import type { SessionUser } from './user.ts';

/** What a trainer's signature on a training form means; the only meaning offered today. */
export const SIGNATURE_MEANING = 'Trained and assessed';

/** The longest reason (for an admin signing for the trainer, or for an edit that voids a signature). */
export const MAX_REASON_LENGTH = 500;

/** Who voided a signature, when and why (an edit of the signed form). */
export interface SignatureVoiding {
  readonly at: Date;
  readonly by: string;
  readonly reason: string;
}

/** A trainer's electronic signature on one version of a training form. */
export interface FormSignature {
  readonly id: number;
  readonly formId: number;
  /** The form's version when it was signed: the signature holds for that version only. */
  readonly formVersion: number;
  /** The signed-in user who signed (lower-case username). */
  readonly signerUsername: string;
  /** The signer's name as the directory gave it, printed with the signature. */
  readonly printedName: string;
  readonly meaning: string;
  readonly signedAt: Date;
  /** Why an administrator signed instead of the trainer named on the form; null for the trainer. */
  readonly adminReason: string | null;
  /** Set when a later edit voided the signature; null while it holds. */
  readonly voided: SignatureVoiding | null;
}

/** A signature as stored before it has an id. */
export type NewFormSignature = Omit<FormSignature, 'id' | 'voided'>;

/**
 * Where a form stands: never signed, signed (the signature holds for the form's current version),
 * or voided (the last signature was voided by an edit, or is for an earlier version).
 */
export type SignatureState =
  { readonly status: 'unsigned' } | { readonly status: 'signed' | 'voided'; readonly signature: FormSignature };

/** The state of a form at `formVersion` whose most recent signature is `latest`. */
export function signatureState(formVersion: number, latest: FormSignature | null): SignatureState {
  if (!latest) return { status: 'unsigned' };
  const holds = latest.voided === null && latest.formVersion === formVersion;
  return { status: holds ? 'signed' : 'voided', signature: latest };
}

/** In which capacity a user may sign a form: as its trainer, as an admin (with a reason), or not at all. */
export type SigningRole = 'trainer' | 'admin' | null;

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The user's role in signing `form`: its trainer when the form's (free-text) trainer is the user's
 * display name or username, compared without regard to case or surrounding spaces; else an admin
 * may sign for the trainer; anyone else may not.
 */
export function signingRole(form: TrainingForm, user: SessionUser): SigningRole {
  if (sameName(form.trainer, user.displayName) || sameName(form.trainer, user.username)) return 'trainer';
  return user.isAdmin ? 'admin' : null;
}

/** A form's signature as its pages show it, with what the viewing user may do. */
export interface SignaturePanel {
  readonly state: SignatureState;
  /** How the user may sign the form now; null when they may not (or it is signed, or in the trash). */
  readonly maySign: SigningRole;
}

/** The signature section of `form`, whose most recent signature is `latest`, for `user`. */
export function signaturePanel(form: TrainingForm, latest: FormSignature | null, user: SessionUser): SignaturePanel {
  const state = signatureState(form.version, latest);
  const maySign = form.deleted || state.status === 'signed' ? null : signingRole(form, user);
  return { state, maySign };
}

/** A reason as given: trimmed; null when blank. Throws {@link ValidationError} on `field` when too long. */
export function cleanReason(reason: string | null | undefined, field = 'reason'): string | null {
  const text = (reason ?? '').trim();
  if (text.length > MAX_REASON_LENGTH)
    throw new ValidationError({ [field]: `The reason must be at most ${MAX_REASON_LENGTH} characters.` });
  return text === '' ? null : text;
}

/**
 * Checks that `user` may sign `form` now and returns the admin reason to record (null for the
 * trainer). Throws {@link SignatureNotAllowedError} for anyone but the trainer or an admin,
 * {@link FormAlreadySignedError} when the current version is already signed, and
 * {@link ValidationError} (`reason`) when an admin signing for the trainer gives no reason.
 * A deleted form is the caller's to refuse.
 */
export function checkMaySign(
  form: TrainingForm,
  state: SignatureState,
  user: SessionUser,
  reason: string | null | undefined,
): string | null {
  const role = signingRole(form, user);
  if (role === null) throw new SignatureNotAllowedError(form.id, form.trainer);
  if (state.status === 'signed') throw new FormAlreadySignedError(form.id);
  if (role === 'trainer') return null;
  const given = cleanReason(reason);
  if (given === null)
    throw new ValidationError({
      reason: `You are not the trainer named on this form (${form.trainer}): give the reason you sign for them.`,
    });
  return given;
}

/**
 * The reason an edit of a form in `state` records: none needed unless the form is signed, in which
 * case the edit voids the signature and must say why ({@link ValidationError} on `reason`).
 */
export function reasonForEdit(state: SignatureState, reason: string | null | undefined): string | null {
  const given = cleanReason(reason);
  if (state.status === 'signed' && given === null)
    throw new ValidationError({
      reason: 'This form is signed: give the reason for the change (saving voids the signature).',
    });
  return given;
}
