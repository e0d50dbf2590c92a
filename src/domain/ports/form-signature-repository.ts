import type { FormSignature, NewFormSignature, SignatureVoiding } from '../form-signature.ts';

/**
 * Where trainers' signatures on training forms persist. A form's signatures go with the form when
 * it is purged.
 */
export interface FormSignatureRepository {
  /**
   * Stores a signature (not voided) and returns it with its id. A version of a form is signed at
   * most once: a second signature of the same form version throws `FormAlreadySignedError` (the
   * store's guarantee, so two signers at the same moment cannot both succeed).
   */
  insert(signature: NewFormSignature): Promise<FormSignature>;

  /** The form's most recent signature (the highest id), voided or not; null when it was never signed. */
  latestFor(formId: number): Promise<FormSignature | null>;

  /**
   * Voids the form's signatures that are not voided yet (there is at most one) and returns how many
   * it voided.
   */
  voidFor(formId: number, voiding: SignatureVoiding): Promise<number>;
}
