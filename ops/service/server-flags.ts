/**
 * How the server process is started in staging and production, wherever it is started from: the
 * built-in supervisor, the systemd unit, `npm run start:prod` (flags only) and the pages benchmark
 * (a test checks that they agree). Together these keep the server's peak memory under load about
 * 20 MB lower (BENCHMARKS.md, "Pages") for no throughput that the benchmark can see.
 */

/**
 * `--max-semi-space-size=8`: V8's young generation grows to 2 × 8 MB instead of 2 × 16 MB (more
 * frequent, cheap scavenges).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8'];

/**
 * `MALLOC_ARENA_MAX=2`: glibc gives each thread that allocates its own malloc arena (up to 8 per
 * core), and Node's worker threads leave them half empty; two arenas keep that memory together.
 * Linux only (the variable means nothing elsewhere).
 */
export const SERVER_ENVIRONMENT: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
