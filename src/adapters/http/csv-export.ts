import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { neutralise } from './csv-cell.ts';

/**
 * Streams `records` as a CSV download named `<name>-<UTC day of asOf>.csv`, with a header of `columns`.
 * Every text cell goes through {@link neutralise}; `null` becomes an empty cell.
 */
export function sendCsv(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  columns: readonly string[],
  records: Iterable<readonly (string | number | null)[]> | AsyncIterable<readonly (string | number | null)[]>,
  asOf: Date = new Date(),
): FastifyReply {
  const safe = async function* () {
    for await (const record of records) yield record.map((v) => (v === null ? '' : neutralise(v)));
  };
  const csv = pipeline(Readable.from(safe()), stringify({ header: true, columns: [...columns] }), (error) => {
    if (error) request.log.error({ err: error }, 'CSV export failed midway');
  });
  const day = asOf.toISOString().slice(0, 10);
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}-${day}.csv"`)
    .header('cache-control', 'no-store')
    .send(csv);
}
