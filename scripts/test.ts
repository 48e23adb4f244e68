/**
 * `npm test`: every test, then one plain summary line `N passed, N failed` for CI.
 * Steps: compile, build the subgraph (`graph codegen` + `graph build`), type-check, Solidity tests (unit,
 * fuzz, invariant) and node:test tests (including the compiled subgraph run by the local indexer) in one
 * `hardhat test`, and the gas benchmark checked against its committed snapshot (the indexer's
 * throughput, a timing, is measured by `npm run bench` only). Under CI=true hardhat.config.ts
 * fuzzes 1,000 runs per test.
 */
import { spawn } from "node:child_process";

interface Step {
  name: string;
  command: string[];
  /** Counts passed/failed from the output; a step without counts is one test. */
  counts?: (output: string) => { passed: number; failed: number };
}

const hardhat = ["node", "node_modules/hardhat/dist/src/cli.js"];
const sumMatches = (output: string, pattern: RegExp) =>
  [...output.matchAll(pattern)].reduce((sum, m) => sum + Number(m[1]), 0);

const steps: Step[] = [
  // Contracts and tests, file by file (see hardhat.config.ts); later steps use these artifacts.
  { name: "compile", command: [...hardhat, "compile", "--quiet"] },
  // `graph codegen` and `graph build`: the subgraph's WebAssembly, which the indexer tests run.
  { name: "subgraph build", command: ["node", "scripts/subgraph/build.ts"] },
  { name: "typecheck", command: ["node", "node_modules/typescript/bin/tsc", "--noEmit"] },
  {
    name: "hardhat test",
    command: [...hardhat, "test", "--no-compile"],
    counts: (out) => ({ passed: sumMatches(out, /^\s*(\d+) passing/gm), failed: sumMatches(out, /^\s*(\d+) failing/gm) }),
  },
  { name: "gas benchmark vs snapshot", command: [...hardhat, "run", "--no-compile", "bench/gas.ts"] },
];

function run(command: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const forward = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk;
      stream.write(chunk);
    };
    child.stdout.on("data", forward(process.stdout));
    child.stderr.on("data", forward(process.stderr));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

let passed = 0;
let failed = 0;
for (const step of steps) {
  console.log(`\n==> ${step.name}: ${step.command.join(" ")}`);
  const { code, output } = await run(step.command);
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
console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
