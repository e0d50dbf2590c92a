import type { Kysely, Selectable } from 'kysely';
import type { FormSignature, NewFormSignature, SignatureVoiding } from '../../../domain/form-signature.ts';
import type { FormSignatureRepository } from '../../../domain/ports/form-signature-repository.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { FormAlreadySignedError } from '../../../domain/signature-errors.ts';
import { fromDbTime, toDbTime } from '../connection/db-values.ts';
import { isDuplicateKey } from './duplicate-key.ts';

type SignatureRow = Selectable<Database['form_signatures']>;

/** {@link FormSignatureRepository} on Kysely (table `form_signatures`, removed with its form by the foreign key). */
export class KyselyFormSignatureRepository implements FormSignatureRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(s: NewFormSignature): Promise<FormSignature> {
    try {
      const result = await this.db
        .insertInto('form_signatures')
        .values({
          training_form_id: s.formId,
          form_version: s.formVersion,
          signer_username: s.signerUsername,
          printed_name: s.printedName,
          meaning: s.meaning,
          signed_at: toDbTime(s.signedAt),
          admin_reason: s.adminReason,
        })
        .executeTakeFirstOrThrow();
      return { ...s, id: Number(result.insertId), voided: null };
    } catch (error) {
      // `ux_form_signatures_form_version`: someone signed this version first.
      if (isDuplicateKey(error)) throw new FormAlreadySignedError(s.formId, { cause: error });
      throw error;
    }
  }

  async latestFor(formId: number): Promise<FormSignature | null> {
    const row = await this.db
      .selectFrom('form_signatures')
      .selectAll()
      .where('training_form_id', '=', formId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? signatureFromRow(row) : null;
  }

  async voidFor(formId: number, voiding: SignatureVoiding): Promise<number> {
    const result = await this.db
      .updateTable('form_signatures')
      .set({ voided_at: toDbTime(voiding.at), voided_by: voiding.by, void_reason: voiding.reason })
      .where('training_form_id', '=', formId)
      .where('voided_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

/** A `form_signatures` row as the domain's {@link FormSignature}. */
export function signatureFromRow(r: SignatureRow): FormSignature {
  return {
    id: Number(r.id),
    formId: Number(r.training_form_id),
    formVersion: Number(r.form_version),
    signerUsername: r.signer_username,
    printedName: r.printed_name,
    meaning: r.meaning,
    signedAt: fromDbTime(r.signed_at),
    adminReason: r.admin_reason,
    voided:
      r.voided_at === null ? null : { at: fromDbTime(r.voided_at), by: r.voided_by ?? '', reason: r.void_reason ?? '' },
  };
}
