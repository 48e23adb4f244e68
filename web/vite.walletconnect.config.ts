import { defineConfig } from "vite";

/**
 * WalletConnect's connector as one self-contained module, dist/walletconnect.js, beside the dapp's build
 * (which it must follow: this build does not empty dist/). See src/wallets/walletconnect/entry.ts.
 */
export default defineConfig({
  root: import.meta.dirname,
  define: { "process.env.NODE_ENV": JSON.stringify("production") },
  build: {
    outDir: "dist",
    emptyOutDir: false,
    target: "es2022",
    lib: { entry: "src/wallets/walletconnect/entry.ts", formats: ["es"], fileName: () => "walletconnect.js" },
    rollupOptions: { output: { inlineDynamicImports: true } },
  },
});
