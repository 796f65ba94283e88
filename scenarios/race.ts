/**
 * Shared state across a switch point (the claim "single-threaded async is safe from races unless a switch point sits
 * inside a critical section"): every style runs RACE_DEFAULTS.workers workers that each add 1 to a shared counter,
 * reading it, letting the others run, then writing it back; lost updates are expected minus final. With the style's
 * lock around the read-modify-write there must be none.
 */
export const RACE_DEFAULTS = { workers: 10, increments: 100 } as const;
