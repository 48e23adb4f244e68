import { defineConfig } from "@wagmi/cli";
import { hardhat } from "@wagmi/cli/plugins";

/**
 * `npx wagmi generate` (run by every build after `hardhat compile`): the contracts' ABIs as `as const`
 * TypeScript in the core package (packages/core/src/generated/contracts.ts, imported as
 * `@streamspace/core/generated/contracts`), generated from the compiled artifacts, never written by
 * hand and never committed. Everything off-chain that talks to a contract takes its ABI from there.
 */
export default defineConfig({
  out: "packages/core/src/generated/contracts.ts",
  plugins: [
    hardhat({
      project: ".",
      // `hardhat compile` runs before as its own step; the plugin only reads the artifacts.
      commands: { build: false, clean: false },
      include: ["contracts/**/*.json"],
      exclude: ["contracts/libraries/**", "**/*.dbg.json"],
    }),
  ],
});
