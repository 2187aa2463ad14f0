import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The WhatsApp simulator page (a development tool): served by beedesk at /simulator from dist/simulator,
// only when the simulator is on. Built after the agent app by the plugin in vite.config.ts.
export default defineConfig({
  root: "src/whatsapp/simulator/page",
  base: "/simulator/",
  plugins: [react()],
  build: {
    outDir: "../../../../dist/simulator",
    emptyOutDir: true,
    sourcemap: false,
    target: "es2022",
  },
});
