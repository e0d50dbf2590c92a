import { parseArgs, type ParseArgsConfig } from 'node:util';
import { composeOperatorTools, type OperatorTools } from '../../src/app/composition/operator-kit.ts';
import { ConfigError, loadConfig, type Config } from '../../src/app/config.ts';
import { CliError, UsageError } from './cli-errors.ts';
import { EXIT } from './exit-codes.ts';
import { consoleOutput, type Output } from './output.ts';
import { progressRenderer, type ProgressRenderer, type ProgressStream } from './progress.ts';

/** What a command gets from the shell. */
export interface CliContext {
  readonly argv: readonly string[];
  readonly out: Output;
  /** `node:util` parseArgs over `argv` (or `args`); an unknown or malformed flag is a {@link UsageError}. */
  parse<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>>;
  /** The validated configuration (from the environment unless `env` is given); a bad one exits {@link EXIT.USAGE}. */
  config(env?: Parameters<typeof loadConfig>[0], dir?: string): Config;
  /** The operator tools composed from {@link config}. */
  tools(): OperatorTools;
  /**
   * The command's progress renderer, on stderr (see ops/cli/progress.ts); `quiet` (the `--quiet`
   * flag) silences it. The shell finishes it when the command ends, before any error is printed.
   */
  progress(quiet: boolean): ProgressRenderer;
}

/** One operator command: its name (for "<name> failed: …"), usage line, and work. */
export interface CliCommand {
  readonly name: string;
  readonly usage: string;
  /** Returns the exit code (one of `EXIT`); may throw {@link UsageError} or {@link CliError}. */
  run(ctx: CliContext): Promise<number>;
  /**
   * Errors only this command knows (e.g. a migration that failed): their exit code, or undefined for the shell's
   * mapping.
   */
  mapError?(error: unknown, out: Output): number | undefined;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs `command` over `argv` and returns its exit code; every error is reported on `out`, none thrown. */
export async function runCommand(
  command: CliCommand,
  argv: readonly string[],
  out: Output = consoleOutput,
  progressStream: ProgressStream = process.stderr,
): Promise<number> {
  let config: Config | undefined;
  let progress: ProgressRenderer | undefined;
  const ctx: CliContext = {
    argv,
    out,
    parse(options) {
      try {
        return parseArgs<typeof options>({ args: [...argv], ...options });
      } catch (error) {
        throw new UsageError(message(error), { cause: error });
      }
    },
    config: (env, dir) => (env || dir ? loadConfig(env, dir) : (config ??= loadConfig())),
    tools: () => composeOperatorTools(ctx.config()),
    progress: (quiet) => (progress = progressRenderer({ stream: progressStream, quiet })),
  };
  try {
    const code = await command.run(ctx);
    progress?.finish();
    return code;
  } catch (error) {
    progress?.finish();
    const own = command.mapError?.(error, out);
    if (own !== undefined) return own;
    if (error instanceof UsageError) {
      out.err(`${error.message}\n${command.usage}`);
      return EXIT.USAGE;
    }
    if (error instanceof ConfigError) {
      out.err(error.message);
      return EXIT.USAGE;
    }
    if (error instanceof CliError) {
      for (const line of error.lines) out.err(line);
      return error.code;
    }
    out.err(`${command.name} failed: ${message(error)}`);
    return EXIT.FAILED;
  }
}

/** The entry of every `ops/*.ts` script: runs `command` over the process's arguments and exits with its code. */
export function runCli(command: CliCommand): void {
  void runCommand(command, process.argv.slice(2)).then((code) => process.exit(code));
}
