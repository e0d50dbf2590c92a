/** Fixed confirmation messages, chosen by a code in the URL after a redirect (no user text is echoed). */
const NOTICES: Readonly<Record<string, string>> = {
  created: 'The training form was created.',
  saved: 'Your changes were saved.',
  deleted: 'The training form was moved to the trash.',
  restored: 'The training form was restored from the trash.',
  purged: 'The training form was deleted permanently.',
  uploaded: 'The attachment was uploaded.',
  'attachment-deleted': 'The attachment was deleted.',
  'signed-out': 'You are signed out.',
  'admin-added': 'The administrator was added.',
  'admin-removed': 'The administrator was removed.',
};

export function noticeText(query: unknown): string | null {
  const code = (query as Record<string, unknown> | undefined)?.notice;
  return typeof code === 'string' ? (NOTICES[code] ?? null) : null;
}
