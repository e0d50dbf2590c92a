/** Fixed confirmation messages, chosen by a code in the URL after a redirect (no user text is echoed). */
const NOTICES: Readonly<Record<string, string>> = {
  created: 'The training form was created.',
  saved: 'Your changes were saved.',
  signed: 'You signed the training form.',
  deleted: 'The training form was moved to the trash.',
  restored: 'The training form was restored from the trash.',
  purged: 'The training form was deleted permanently.',
  uploaded: 'The attachment was uploaded.',
  'attachment-deleted': 'The attachment was deleted.',
  'signed-out': 'You are signed out.',
  'none-selected': 'No form was selected: tick the forms first.',
  'admin-added': 'The administrator was added.',
  'admin-removed': 'The administrator was removed.',
  'document-created': 'The document was registered with its first revision.',
  'revision-issued': 'The new revision was issued.',
  'document-retired': 'The document was retired.',
  'requirement-added': 'The requirement was added.',
  'requirement-removed': 'The requirement was removed.',
};

const forms = (n: number) => (n === 1 ? '1 form' : `${n.toLocaleString('en-US')} forms`);

/** Messages after a bulk action, with the number of forms it changed (`?count=`). */
const COUNTED: Readonly<Record<string, (n: number) => string>> = {
  'deleted-many': (n) => `${forms(n)} moved to the trash.`,
  'restored-many': (n) => `${forms(n)} restored from the trash.`,
  'purged-many': (n) => `${forms(n)} deleted permanently.`,
};

/**
 * The message for a route's `?notice=` (declared in its query schema; a bulk action's also with
 * `?count=`), or null for an unknown code.
 */
export function noticeText(query: { readonly notice?: string | undefined; readonly count?: number | undefined }) {
  if (query.notice === undefined) return null;
  const counted = COUNTED[query.notice];
  if (counted) return query.count === undefined ? null : counted(query.count);
  return NOTICES[query.notice] ?? null;
}
