import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppServices } from './app-services.ts';
import { page } from './render.ts';

/** What the document page reads: the register, the requirements and the directory's spellings. */
export type DocumentPageServices = Pick<AppServices, 'documents' | 'requirements' | 'directoryScopes'>;

/**
 * What one of the page's forms sends back when it is refused: its values and a message per field
 * (the revision form: `revision`, `effectiveDate`; the requirement form: `kind`, `value`).
 */
export interface DocumentPageForm {
  readonly values?: Readonly<Record<string, string>>;
  readonly errors?: Readonly<Record<string, string>>;
}

/**
 * Renders `/documents/:id`: the document, its revisions (newest first), the forms to issue a
 * revision and to require it, and its requirements. A refused form shows its values and errors.
 */
export async function documentPage(
  request: FastifyRequest,
  reply: FastifyReply,
  services: DocumentPageServices,
  id: number,
  options: { readonly form?: DocumentPageForm; readonly status?: number } = {},
): Promise<FastifyReply> {
  const [registered, requirements, departments, jobTitles] = await Promise.all([
    services.documents.get(id),
    services.requirements.forDocument(id),
    services.directoryScopes.spellings('department'),
    services.directoryScopes.spellings('job_title'),
  ]);
  const data = {
    title: `${registered.document.reference} · Documents`,
    registered,
    revisionsNewestFirst: [...registered.revisions].reverse(),
    requirements,
    departments,
    jobTitles,
    values: { revision: '', effectiveDate: '', kind: 'department', value: '', ...options.form?.values },
    errors: { ...options.form?.errors },
  };
  return page(request, reply, 'document', data, options.status ?? 200);
}
