import { pipeline, Readable } from 'node:stream';
import { type Static, Type } from '@sinclair/typebox';
import { stringify } from 'csv-stringify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { neutralise } from './csv-cell.ts';
import { oneOf } from './route-schemas.ts';

/** The separators an export offers: `semicolon` for spreadsheets whose locale uses the comma for decimals. */
export const CSV_DELIMITERS = { comma: ',', semicolon: ';', tab: '\t' } as const;
export type CsvDelimiter = keyof typeof CSV_DELIMITERS;

/** The query every CSV export accepts besides its own: `?delimiter=comma|semicolon|tab` (default comma). */
export const CsvQuery = Type.Object({
  delimiter: Type.Optional(oneOf(Object.keys(CSV_DELIMITERS) as CsvDelimiter[])),
});
export type CsvQuery = Static<typeof CsvQuery>;

/** A cell of an export: text, a number, a moment (written as Excel reads a date and time) or nothing. */
export type CsvValue = string | number | Date | null;

/** One export: its file name's start, readable column headings and its records (one array per row). */
export interface CsvExport {
  readonly name: string;
  readonly columns: readonly string[];
  readonly records: Iterable<readonly CsvValue[]> | AsyncIterable<readonly CsvValue[]>;
  /** The day in the file name (UTC); default now. */
  readonly asOf?: Date;
  readonly delimiter?: CsvDelimiter | undefined;
}

/**
 * Streams an export as a CSV download named `<name>-<UTC day of asOf>.csv`, written for the
 * spreadsheet that opens it: UTF-8 with a byte-order mark (so Excel on Windows reads "Müller"),
 * the chosen separator, moments as `YYYY-MM-DD HH:MM:SS` in UTC (Excel reads that as a date and
 * time; `YYYY-MM-DD` dates pass as they are). Every text cell goes through {@link neutralise}.
 */
export function sendCsv(request: FastifyRequest, reply: FastifyReply, csv: CsvExport): FastifyReply {
  const { records } = csv;
  const cells = async function* () {
    for await (const record of records) yield record.map(cell);
  };
  const body = pipeline(
    Readable.from(cells()),
    stringify({
      bom: true,
      header: true,
      columns: [...csv.columns],
      delimiter: CSV_DELIMITERS[csv.delimiter ?? 'comma'],
    }),
    (error) => {
      if (error) request.log.error({ err: error }, 'CSV export failed midway');
    },
  );
  const day = (csv.asOf ?? new Date()).toISOString().slice(0, 10);
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${csv.name}-${day}.csv"`)
    .header('cache-control', 'no-store')
    .send(body);
}

function cell(value: CsvValue): string | number {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace('T', ' ');
  return neutralise(value);
}

/** `url` (an export's link) with the separator asked for; the default, comma, is left out. */
export function csvLink(url: string, delimiter: CsvDelimiter = 'comma'): string {
  if (delimiter === 'comma') return url;
  return `${url}${url.includes('?') ? '&' : '?'}delimiter=${delimiter}`;
}
