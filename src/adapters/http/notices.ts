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
  'admin-added': 'The administrator was added.',
  'admin-removed': 'The administrator was removed.',
  'document-created': 'The document was registered with its first revision.',
  'revision-issued': 'The new revision was issued.',
  'document-retired': 'The document was retired.',
  'requirement-added': 'The requirement was added.',
  'requirement-removed': 'The requirement was removed.',
};

/** The message for a route's `?notice=` (declared in its query schema), or null for an unknown code. */
export function noticeText(query: { readonly notice?: string | undefined }): string | null {
  return query.notice === undefined ? null : (NOTICES[query.notice] ?? null);
}
