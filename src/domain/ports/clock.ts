/** The current time; tests pass a fixed clock. */
export interface Clock {
  now(): Date;
}
