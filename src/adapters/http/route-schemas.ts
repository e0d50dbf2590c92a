import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { FastifyTypeProvider } from 'fastify';

/**
 * Types a route's `request.params` / `query` / `body` from its TypeBox schema, so the handler's
 * types and the validated shape cannot drift apart (what `@fastify/type-provider-typebox` does
 * for types; validation stays Fastify's own ajv).
 */
export interface TypeBoxProvider extends FastifyTypeProvider {
  readonly validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  readonly serializer: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
}

/**
 * Shapes only: which keys, text or list, numeric ids. What the values must be (required fields,
 * real dates, lengths) is the domain's, shown next to the field. Extra keys are allowed (submit
 * buttons, future fields); Fastify's ajv coerces query/path text to integers and a single form
 * value to a one-element list where the schema says array.
 */
export const text = () => Type.Optional(Type.String());

/** One of a fixed set of words (one `enum`, so a refusal reads "must be equal to one of the allowed values"). */
export const oneOf = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });

/** A database id in the path; anything else answers 404 (see the error handler). */
const id = () => Type.Integer({ minimum: 1, maximum: 999_999_999 });

export const IdParams = Type.Object({ id: id() });
export const AttachmentParams = Type.Object({ id: id(), attachmentId: id() });

/** A trainer's signature (`POST /forms/:id/sign`): the password again, the version seen, an admin's reason. */
export const SignBody = Type.Object({
  password: text(),
  reason: text(),
  version: Type.Integer({ minimum: 0 }),
  _csrf: text(),
});

/**
 * Forms chosen with a list's checkboxes (`ids`, one value per ticked box, none when nothing was
 * ticked) for a bulk action; `confirmed` is sent by its confirmation page.
 */
export const SelectionBody = Type.Object({
  ids: Type.Optional(Type.Array(id())),
  confirmed: text(),
  _csrf: text(),
});
export type SelectionBody = Static<typeof SelectionBody>;
