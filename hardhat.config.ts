import { readdirSync } from "node:fs";

import hardhatToolboxViemPlugin from "@nomicfoundation/hardhat-toolbox-viem";
import { configVariable, defineConfig } from "hardhat/config";

// Hardhat downloads solc by default; these machines have no internet, so we use the WebAssembly
// build from the npm `solc` package (its version must equal SOLC_VERSION; the path must be absolute).
const SOLC_VERSION = "0.8.28";
const SOLC_PATH = new URL("./node_modules/solc/soljson.js", import.meta.url).pathname;
const CI = process.env.CI === "true" || process.env.CI === "1";
// solc's WebAssembly build runs out of memory compiling the tests (and everything they import) in one
// job, so any build that includes tests compiles file by file (`isolated`); contracts-only builds
// (`compile --no-tests`, used by `npm start` and `npm run bench`) stay one fast job. Coverage builds,
// whose instrumented sources are heavier still, are also unoptimized (coverage measures lines, not
// gas). Hardhat passes --coverage on to child processes as HARDHAT_COVERAGE.
const COVERAGE = process.argv.includes("--coverage") || process.env.HARDHAT_COVERAGE === "true";
const BUILDS_TESTS = !process.argv.includes("--no-tests");

function settings(optimize: boolean, runs = 10_000) {
  return { evmVersion: "cancun", optimizer: { enabled: optimize, runs } };
}

// The crowdfund vault's creation code lives inside CrowdfundVaultDeployer, which must stay under
// EIP-170's 24,576 bytes: these files are optimized for size over per-call gas (the bench checks
// both the vault's gas targets and every contract's size).
const SIZE_OPTIMIZED = [
  "contracts/crowdfunds/CampaignFactory.sol", // it embeds the deployer, which embeds the vault
  "contracts/crowdfunds/CrowdfundVaultDeployer.sol",
  "contracts/crowdfunds/CrowdfundVault.sol",
];

export default defineConfig({
  plugins: [hardhatToolboxViemPlugin],
  solidity: {
    compilers: [{ version: SOLC_VERSION, path: SOLC_PATH, settings: settings(!COVERAGE) }],
    // Solidity tests assert behaviour, not gas (the bench measures gas on the optimized contract
    // artifacts), so their compilation jobs skip the optimizer: a clean build is several times faster.
    overrides: Object.fromEntries([
      ...readdirSync(new URL("./test/solidity", import.meta.url), { recursive: true, encoding: "utf8" })
        .filter((file) => file.endsWith(".sol"))
        .map((file) => [`test/solidity/${file}`, { version: SOLC_VERSION, path: SOLC_PATH, settings: settings(false) }]),
      ...SIZE_OPTIMIZED.map((file) => [file, { version: SOLC_VERSION, path: SOLC_PATH, settings: settings(!COVERAGE, 200) }]),
    ]),
    isolated: COVERAGE || BUILDS_TESTS,
  },
  paths: {
    tests: { solidity: "test/solidity", nodejs: "test" },
  },
  test: {
    // Under CI the money math is fuzzed 1,000 runs (fixed seed) and invariant campaigns fail on any
    // handler revert. (Hardhat 3.17 has one test profile, so the choice is made here.)
    solidity: CI
      ? {
          fuzz: { runs: 1_000, seed: "0x53545245414d5350414345" },
          invariant: { runs: 128, depth: 128, failOnRevert: true },
        }
      : {
          fuzz: { runs: 256 },
          invariant: { runs: 64, depth: 100, failOnRevert: true },
        },
  },
  networks: {
    // `npm start` serves the in-process chain on 127.0.0.1:8545; scripts reach it through this.
    localhost: { type: "http", chainType: "l1", url: "http://127.0.0.1:8545" },
    // A public L2 for cheap pay-per-view. Secrets come from the Hardhat keystore (docs/deployment.md)
    // and are only read when this network is used.
    baseSepolia: {
      type: "http",
      chainType: "op",
      url: configVariable("BASE_SEPOLIA_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
  },
});
