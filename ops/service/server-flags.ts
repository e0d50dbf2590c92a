/**
 * The node flags the server runs with in staging and production, wherever it is started from:
 * the built-in supervisor, the systemd unit, `npm run start:prod` and the pages benchmark (a test
 * checks that they agree).
 *
 * `--max-semi-space-size=8`: V8's young generation grows to 2 × 8 MB instead of 2 × 16 MB. Under
 * load that keeps the server's peak memory about 15 MB lower (BENCHMARKS.md, "Pages"), for more
 * frequent scavenges that cost no measurable throughput.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8'];
