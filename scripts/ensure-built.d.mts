/** Rebuilds dist/ when any source is newer than the last build. */
export function ensureBuilt(options?: { quiet?: boolean }): void;
