/** Time as the app sees it: injectable so tests can move it. All instants are UTC ISO strings. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
