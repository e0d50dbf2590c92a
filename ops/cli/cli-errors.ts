import { EXIT, type ExitCode } from './exit-codes.ts';

/** A wrong command line: the shell prints the message and the usage, and exits {@link EXIT.USAGE}. */
export class UsageError extends Error {}

/**
 * An outcome a command reports by throwing: the shell prints `lines` to stderr (the message when
 * none are given) and exits with `code`.
 */
export class CliError extends Error {
  constructor(
    readonly code: ExitCode,
    message: string,
    readonly lines: readonly string[] = [message],
  ) {
    super(message);
  }
}

/**
 * `--name` must be a whole number, at least `min` (default 0). Otherwise throws a {@link CliError}
 * with {@link EXIT.USAGE} and one line naming the flag and the value (no usage text after it).
 */
export function wholeNumber(name: string, value: string, min = 0): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min)
    throw new CliError(
      EXIT.USAGE,
      `--${name} must be a whole number${min > 0 ? ` of at least ${min}` : ''} (got "${value}")`,
    );
  return Number(value);
}

export { EXIT };
