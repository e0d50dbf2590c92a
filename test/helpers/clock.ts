import type { Clock } from '../../src/domain/ports/clock.ts';

/** A {@link Clock} the test moves by hand; it starts at `start` (by default 2026-11-24 08:00 UTC). */
export class ManualClock implements Clock {
  private ms: number;

  constructor(start: Date = new Date('2026-11-24T08:00:00.000Z')) {
    this.ms = start.getTime();
  }

  now(): Date {
    return new Date(this.ms);
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}
