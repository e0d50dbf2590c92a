import { byEffectiveDate, type RegisteredDocument } from '../../domain/controlled-document.ts';
import { referenceText } from '../../domain/form-reference.ts';

/** One revision in the edit page's register select. */
export interface RevisionChoice {
  readonly value: string;
  readonly label: string;
  readonly selected: boolean;
}

/** One document of the select (an `optgroup`) with its revisions. */
export interface DocumentChoices {
  readonly label: string;
  readonly options: readonly RevisionChoice[];
}

/**
 * The register as the edit page offers it, by reference: documents in use, and a retired one only
 * when it holds the revision already chosen (a form keeps what it was trained on). Within a
 * document the current revision comes first, labelled "current", then the others newest first,
 * a revision not yet in force with the date it takes effect.
 */
export function referenceChoices(register: readonly RegisteredDocument[], selected: string): DocumentChoices[] {
  return register.flatMap(({ document, revisions, currentRevision }) => {
    if (document.retired && !revisions.some((r) => String(r.id) === selected)) return [];
    const ordered = byEffectiveDate(revisions).reverse();
    const current = currentRevision ? [currentRevision] : [];
    const options = [...current, ...ordered.filter((r) => r.id !== currentRevision?.id)].map((r) => {
      const note =
        r.id === currentRevision?.id
          ? ' (current)'
          : !currentRevision || r.effectiveDate > currentRevision.effectiveDate
            ? ` (in force from ${r.effectiveDate})`
            : '';
      return {
        value: String(r.id),
        label: referenceText(document.reference, r.revision) + note,
        selected: String(r.id) === selected,
      };
    });
    const label = `${document.reference} — ${document.title}${document.retired ? ' (retired)' : ''}`;
    return options.length === 0 ? [] : [{ label, options }];
  });
}
