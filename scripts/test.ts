/**
 * `npm test`: every test, then one plain summary line `N passed, N failed` for CI.
 * Build steps come first (compile, generate the ABIs' TypeScript with the wagmi CLI, build the subgraph
 * with `graph codegen` + `graph build`, type-check the project, the functions and the dapp, build the
 * dapp),
 * then the tests: Solidity tests (unit, fuzz, invariant) and node:test tests (including the compiled
 * subgraph run by the local indexer) in one `hardhat test`, and the gas benchmark checked against its
 * committed snapshot (the indexer's throughput, a timing, is measured by `npm run bench` only). Steps
 * are reported apart: the final line counts tests only (the benchmark counts as one), and a step that
 * fails counts as one failure, since the tests behind it could not run. Under CI=true
 * hardhat.config.ts fuzzes 1,000 runs per test.
 */
import { spawn } from "node:child_process";

interface Step {
  name: string;
  command: string[];
  /** A build step prepares the tests; a test step is counted in the summary. */
  kind: "build" | "test";
  /** Counts passed/failed from the output; a test step without counts is one test. */
  counts?: (output: string) => { passed: number; failed: number };
  /** Drops expected noise from what is printed, line by line (the full output is still parsed). */
  filter?: () => { keep: (line: string) => boolean; hidden: () => number };
}

const hardhat = ["node", "node_modules/hardhat/dist/src/cli.js"];
const sumMatches = (output: string, pattern: RegExp) =>
  [...output.matchAll(pattern)].reduce((sum, m) => sum + Number(m[1]), 0);

/**
 * The compiler's expected warnings, hidden with a count: OpenZeppelin's transient-storage reentrancy
 * guard (used as it is safe to), and contract sizes in the unoptimized test builds (the deployable,
 * optimized sizes are checked against EIP-170 by the gas benchmark). Any other warning is shown.
 */
const EXPECTED_WARNINGS = [/^Warning: Transient storage as defined by EIP-1153/, /^Warning: Contract (init)?code size is \d+ bytes/];

/** A line filter that drops each expected warning block (from its "Warning:" line to a blank line). */
function expectedWarningFilter(): { keep: (line: string) => boolean; hidden: () => number } {
  let skipping = false;
  let hidden = 0;
  return {
    keep(line) {
      if (EXPECTED_WARNINGS.some((pattern) => pattern.test(line))) {
        skipping = true;
        hidden += 1;
        return false;
      }
      if (skipping) {
        if (line.trim() === "") skipping = false;
        return false;
      }
      return true;
    },
    hidden: () => hidden,
  };
}

const steps: Step[] = [
  // Contracts and tests, file by file (see hardhat.config.ts); later steps use these artifacts. A clean
  // build takes minutes on two cores; Hardhat's cache (cache/, artifacts/) makes the next one seconds.
  { name: "compile", kind: "build", command: [...hardhat, "compile"], filter: expectedWarningFilter },
  // The contracts' ABIs as `as const` TypeScript (lib/generated/contracts.ts), from the artifacts.
  { name: "generate ABIs", kind: "build", command: ["node", "node_modules/@wagmi/cli/dist/esm/cli.js", "generate"] },
  // `graph codegen` and `graph build`: the subgraph's WebAssembly, which the indexer tests run.
  { name: "subgraph build", kind: "build", command: ["node", "scripts/subgraph/build.ts"] },
  { name: "typecheck", kind: "build", command: ["node", "node_modules/typescript/bin/tsc", "--noEmit"] },
  // The functions and the core run on Node's type stripping too: erasable syntax only.
  { name: "typecheck functions", kind: "build", command: ["node", "node_modules/typescript/bin/tsc", "-p", "functions", "--noEmit"] },
  // The dapp: its own strict configuration (JSX, the bundler's resolution), then its production build.
  { name: "typecheck dapp", kind: "build", command: ["node", "node_modules/typescript/bin/tsc", "-p", "web", "--noEmit"] },
  { name: "dapp build", kind: "build", command: ["node", "--input-type=module", "-e", "import { buildDapp } from './dev/web.ts'; buildDapp();"] },
  {
    name: "hardhat test",
    kind: "test",
    command: [...hardhat, "test", "--no-compile"],
    counts: (out) => ({ passed: sumMatches(out, /^\s*(\d+) passing/gm), failed: sumMatches(out, /^\s*(\d+) failing/gm) }),
  },
  { name: "gas benchmark vs snapshot", kind: "test", command: [...hardhat, "run", "--no-compile", "bench/gas.ts"] },
];

/** Runs a step, streaming its output (less what its filter drops), with a heartbeat when it is silent. */
function run(step: Step): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(step.command[0]!, step.command.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
    const filter = step.filter?.();
    let output = "";
    let lastOutput = Date.now();
    const forward = (stream: NodeJS.WriteStream) => {
      let pending = "";
      return (chunk: Buffer) => {
        output += chunk;
        if (!filter) {
          lastOutput = Date.now();
          stream.write(chunk);
          return;
        }
        const lines = (pending + chunk.toString()).split("\n");
        pending = lines.pop()!;
        const kept = lines.filter((line) => filter.keep(line));
        if (kept.length > 0) {
          lastOutput = Date.now();
          stream.write(kept.join("\n") + "\n");
        }
      };
    };
    child.stdout.on("data", forward(process.stdout));
    child.stderr.on("data", forward(process.stderr));
    // A step that prints nothing for a while still shows it is alive.
    const heartbeat = setInterval(() => {
      if (Date.now() - lastOutput < 30_000) return;
      lastOutput = Date.now();
      console.log(`    ... ${step.name} still running (${Math.round((Date.now() - started) / 1000)} s)`);
    }, 5_000);
    child.on("close", (code) => {
      clearInterval(heartbeat);
      const hidden = filter?.hidden() ?? 0;
      if (hidden > 0) console.log(`    (${hidden} expected compiler warnings hidden: see scripts/test.ts)`);
      console.log(`    ${step.name}: ${code === 0 ? "ok" : "FAILED"} in ${Math.round((Date.now() - started) / 1000)} s`);
      resolve({ code: code ?? 1, output });
    });
  });
}

let passed = 0;
let failed = 0;
const stepResults: string[] = [];
for (const step of steps) {
  console.log(`\n==> ${step.name}: ${step.command.join(" ")}`);
  const { code, output } = await run(step);
  stepResults.push(`${step.name} ${code === 0 ? "ok" : "FAILED"}`);
  if (step.kind === "build") {
    if (code !== 0) failed += 1; // the tests it prepares cannot be trusted
    continue;
  }
  const counted = step.counts?.(output);
  if (counted && counted.passed + counted.failed > 0) {
    passed += counted.passed;
    failed += counted.failed;
    if (code !== 0 && counted.failed === 0) failed += 1; // failed outside any test (e.g. a crash)
  } else if (code === 0) {
    passed += 1;
  } else {
    failed += 1;
  }
}
console.log(`\nsteps: ${stepResults.join(", ")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
