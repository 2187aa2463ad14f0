import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { build, defineConfig, type Plugin } from "vite";

/** Builds the WhatsApp simulator page (vite.simulator.config.ts) after the agent app, into dist/simulator. */
function simulatorPage(): Plugin {
  return {
    name: "beedesk-simulator-page",
    apply: "build",
    async closeBundle() {
      await build({
        configFile: fileURLToPath(new URL("./vite.simulator.config.ts", import.meta.url)),
        logLevel: "error",
      });
    },
  };
}

// The agent app: served by beedesk at /app from dist/web.
export default defineConfig({
  root: "src/web/app",
  base: "/app/",
  plugins: [react(), simulatorPage()],
  build: {
    outDir: "../../../dist/web",
    emptyOutDir: true,
    sourcemap: false,
    target: "es2022",
  },
});
