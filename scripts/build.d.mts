/** Builds the server (tsc) and the agent app (Vite), then stamps the build. */
export function build(options?: { quiet?: boolean }): void;
