import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The agent app: served by beedesk at /app from dist/web.
export default defineConfig({
  root: "src/web/app",
  base: "/app/",
  plugins: [react()],
  build: {
    outDir: "../../../dist/web",
    emptyOutDir: true,
    sourcemap: false,
    target: "es2022",
  },
});
