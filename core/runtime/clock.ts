/** The only source of "now" for use cases and domain logic, so tests can freeze it. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date | string | number): Clock & { set(t: Date | string | number): void; advance(ms: number): void } {
  let t = new Date(at).getTime();
  return {
    now: () => new Date(t),
    set: (x) => {
      t = new Date(x).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
