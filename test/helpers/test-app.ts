import type { Test } from 'tap';
import { startTestApp, type TestApp } from './http-app.ts';

/**
 * {@link startTestApp} whose teardown `t` owns (fastify/demo's `build(t)`): the app, its services
 * and its upload folder are closed when `t` ends, so a test cannot forget it. Teardowns run last
 * registered first: register what the app needs (a database to drop) before building it.
 */
export async function buildTestApp(t: Test, ...args: Parameters<typeof startTestApp>): Promise<TestApp> {
  const started = await startTestApp(...args);
  t.teardown(() => started.close());
  return started;
}
