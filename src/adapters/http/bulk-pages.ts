import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BulkOutcome } from '../../domain/bulk-action.ts';
import type { TrainingFormSummary } from '../../domain/training-form.ts';
import { COUNTED, redirectWithNotice, type CountedNoticeCode } from './notices.ts';
import { page } from './render.ts';

/** How one bulk action speaks on its pages. */
export interface BulkAction {
  /** The list the selection came from, and where the outcome leads back: `/` or `/trash`. */
  readonly back: string;
  /** Where a form is shown: `/forms` or `/trash`. */
  readonly formPath: string;
  /** The notice (notices.ts) of a run where every form was done. */
  readonly notice: CountedNoticeCode;
  /** What happened to the forms, after "N forms": `moved to the trash`. */
  readonly done: string;
  /** The action's name in a heading: `Move to the trash`. */
  readonly name: string;
}

/**
 * The confirmation of a bulk action: the forms it will change, listed, and a button posting their ids
 * again with `confirmed`. `selected` counts what was ticked; ticked forms not among `forms` (changed
 * meanwhile) are said to be left out.
 */
export function confirmBulk(
  request: FastifyRequest,
  reply: FastifyReply,
  action: BulkAction,
  view: {
    readonly forms: readonly TrainingFormSummary[];
    readonly selected: number;
    readonly heading: string;
    readonly text: string;
    readonly button: string;
    readonly danger: boolean;
    readonly leftOut: string;
  },
): Promise<FastifyReply> {
  return page(request, reply, 'bulk-confirm', {
    title: view.heading,
    ...view,
    missing: view.selected - view.forms.length,
    action: request.url,
    formPath: action.formPath,
    cancel: action.back,
  });
}

/**
 * After a bulk action: back to the list with a notice counting the forms when every one was done;
 * otherwise a page saying which were done, refused (and why) or, after an unexpected error (logged,
 * answered 500), not attempted.
 */
export function reportBulk<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  action: BulkAction,
  outcome: BulkOutcome<T>,
): Promise<FastifyReply> | FastifyReply {
  const { done, refused, stopped } = outcome;
  if (refused.length === 0 && !stopped)
    return redirectWithNotice(reply, action.back, COUNTED[action.notice](done.length));
  if (stopped)
    request.log.error(
      { err: stopped.error, formId: stopped.id, done: done.length, notAttempted: outcome.notAttempted.length },
      'bulk action stopped by an error',
    );
  return page(
    request,
    reply,
    'bulk-outcome',
    { title: `${action.name}: not every form`, action, outcome, requestId: request.id },
    stopped ? 500 : 200,
  );
}
