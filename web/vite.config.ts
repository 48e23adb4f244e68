import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/**
 * The dapp's build: static files (dist/) served from S3 + CloudFront in production. The deployment's
 * addresses and endpoints are not built in: the dapp reads `/config.json` at start, which the deployment
 * writes next to the static files, and which the development server answers from
 * `STREAMSPACE_DAPP_CONFIG` (`npm start` sets it), so one build serves any stage.
 */
function deploymentConfig(): Plugin {
  return {
    name: "streamspace-config",
    configureServer(server) {
      server.middlewares.use("/config.json", (_req, res) => {
        const config = process.env.STREAMSPACE_DAPP_CONFIG;
        res.statusCode = config ? 200 : 404;
        res.setHeader("content-type", "application/json");
        res.setHeader("cache-control", "no-store");
        res.end(config ?? JSON.stringify({ error: "STREAMSPACE_DAPP_CONFIG is not set" }));
      });
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), deploymentConfig()],
  // npm start gives each development server its own dependency cache (several platforms may run at once).
  cacheDir: process.env.STREAMSPACE_VITE_CACHE_DIR ?? "node_modules/.vite",
  // The manifest tells the bundle benchmark which chunks the first page loads (bench/dapp.ts).
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", manifest: true },
});
