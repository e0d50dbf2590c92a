import type { FastifyReply, FastifyRequest } from 'fastify';
import { signaturePanel } from '../../../domain/form-signature.ts';
import type { AppServices } from '../app-services.ts';
import { page } from '../render.ts';

export type DetailPageServices = Pick<AppServices, 'details' | 'pageSettings'>;

/** What the signature section shows again after a refused signature. */
export interface SignAttempt {
  readonly errors: Readonly<Record<string, string>>;
  readonly reason: string;
}

/**
 * The detail page of an active form with its signature section (the form, the signing state, and
 * the sign form for those who may sign). Shared by the page itself and a refused signature.
 */
export async function formDetailPage(
  request: FastifyRequest,
  reply: FastifyReply,
  services: DetailPageServices,
  id: number,
  extra: { readonly signAttempt?: SignAttempt } = {},
  status = 200,
): Promise<FastifyReply> {
  const view = await services.details.details(id);
  const signature = signaturePanel(view.form, view.latestSignature, request.user!);
  return page(
    request,
    reply,
    'detail',
    {
      title: view.form.title,
      ...view,
      inTrash: false,
      signature,
      signAttempt: extra.signAttempt ?? { errors: {}, reason: '' },
      devLogin: services.pageSettings.devLogin,
    },
    status,
  );
}
