import type { FastifyReply } from 'fastify';

/** Fixed confirmations shown once on the page after a redirect (no user text is echoed). */
export const NOTICES = {
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
  'schema-checked': 'The database was checked again.',
  resumed:
    'You are signed in again. The form shows what you typed before your session ended; nothing is saved yet: check it and press Save.',
  'form-gone': 'That form was deleted permanently: its history is below.',
} as const;

export type NoticeCode = keyof typeof NOTICES;

const forms = (n: number) => (n === 1 ? '1 form' : `${n.toLocaleString('en-US')} forms`);

/** Messages after a bulk action, with the number of forms it changed. */
export const COUNTED = {
  'deleted-many': (n: number) => `${forms(n)} moved to the trash.`,
  'restored-many': (n: number) => `${forms(n)} restored from the trash.`,
  'purged-many': (n: number) => `${forms(n)} deleted permanently.`,
} as const;

export type CountedNoticeCode = keyof typeof COUNTED;

/** Redirects (303) to `url`, keeping `notice` for that page only (see `reply.keepNotice`). */
export async function redirectWithNotice(reply: FastifyReply, url: string, notice: string): Promise<FastifyReply> {
  await reply.keepNotice(notice);
  return reply.redirect(url, 303);
}
