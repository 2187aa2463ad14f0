/** Runs once before the suite. */
export default async function setup(): Promise<void> {}
