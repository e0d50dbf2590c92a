import { isAbsolute, join, resolve } from 'node:path';
import { BackupInvalidError, RestoreRefusedError } from '../../src/app/composition/operator-kit.ts';
import { CliError, UsageError } from '../cli/cli-errors.ts';
import { EXIT } from '../cli/exit-codes.ts';
import type { CliCommand } from '../cli/run-cli.ts';

/**
 * `npm run restore -- <backup> [--yes]`: puts the database and uploads of a backup back into the
 * configured database and upload folder. `<backup>` is a folder path or a backup name inside
 * BACKUP_FOLDER. Every checksum is verified before anything is touched; a database holding data is
 * overwritten only with --yes. Stop the application first. Shows its progress (none with --quiet).
 * Exit 0 restored, 1 failed, 2 usage or configuration, 3 refused (not empty, no --yes), 4 backup corrupt or partial.
 */
export const restoreCommand: CliCommand = {
  name: 'restore',
  usage: 'usage: npm run restore -- <backup folder or name> [--yes] [--quiet]',
  async run(ctx) {
    const { values, positionals } = ctx.parse({
      options: { yes: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false } },
      allowPositionals: true,
    });
    const [arg, ...extra] = positionals;
    if (!arg || extra.length > 0) throw new UsageError('give exactly one backup');
    const tools = ctx.tools();
    const { config } = tools;
    const dir = isAbsolute(arg) || arg.includes('/') ? resolve(arg) : join(config.jobs.backupFolder, arg);
    ctx.out.out(
      `restoring ${dir}\n  into ${tools.target.replace(/ \(user .*\)$/, '')} and ${config.uploadFolder} (APP_ENV=${config.appEnv})`,
    );
    const started = performance.now();
    const progress = ctx.progress(values.quiet);
    try {
      const result = await tools.restore(dir, { force: values.yes, onProgress: progress.report });
      progress.finish();
      ctx.out.out(
        `  checksums verified; database restored; ${result.files} upload file(s) restored, ${result.removed} removed`,
      );
      ctx.out.out(
        `restored backup ${result.manifest.name} (taken ${result.manifest.createdAt}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      return EXIT.OK;
    } catch (error) {
      if (error instanceof BackupInvalidError)
        throw new CliError(EXIT.INVALID_INPUT, error.message, [
          `REFUSED: backup ${error.backup} is corrupt or incomplete; nothing was changed:`,
          ...error.problems.map((p) => `  - ${p}`),
        ]);
      if (error instanceof RestoreRefusedError)
        throw new CliError(EXIT.DECLINED, error.message, [`REFUSED: ${error.message}`]);
      throw error;
    }
  },
};
