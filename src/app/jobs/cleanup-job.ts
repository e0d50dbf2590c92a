import type { CleanupService } from '../../domain/cleanup-service.ts';
import type { JobDefinition } from './job-runner.ts';

export { CLEANUP_ACTOR } from '../../domain/cleanup-service.ts';

/** `cleanup`: the rules of {@link CleanupService}, holding the `files` lock shared with backup. */
export function cleanupJob(ports: { readonly cleanup: CleanupService }): JobDefinition {
  return {
    name: 'cleanup',
    sharedLocks: ['files'],
    async run(ctx) {
      return ports.cleanup.run({
        signal: ctx.signal,
        dryRun: ctx.dryRun,
        warn: (detail, message) => ctx.log.warn(detail, message),
      });
    },
  };
}
