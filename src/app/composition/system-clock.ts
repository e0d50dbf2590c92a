import type { Clock } from '../../domain/ports/clock.ts';

/** The wall clock: what every composition uses unless a test gives its own. */
export const systemClock: Clock = { now: () => new Date() };
