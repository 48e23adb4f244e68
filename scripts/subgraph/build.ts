/**
 * Builds the subgraph as `graph deploy` would: writes subgraph/abis/ from the compiled contracts'
 * artifacts (generated, never committed), then runs `graph codegen` and `graph build`, which compile
 * the mappings to WebAssembly under subgraph/build/. Needs `hardhat compile` first.
 */
import { spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { abiOf, ROOT, SUBGRAPH_CONTRACTS } from "../../dev/artifacts.ts";

const SUBGRAPH = join(ROOT, "subgraph");

export async function buildSubgraph(): Promise<void> {
  await mkdir(join(SUBGRAPH, "abis"), { recursive: true });
  for (const contract of SUBGRAPH_CONTRACTS) {
    await writeFile(join(SUBGRAPH, "abis", `${contract}.json`), JSON.stringify(await abiOf(contract), null, 2) + "\n");
  }
  const graph = join(ROOT, "node_modules", "@graphprotocol", "graph-cli", "bin", "run.js");
  for (const command of [["codegen"], ["build"]]) {
    const result = spawnSync(process.execPath, [graph, ...command], { cwd: SUBGRAPH, encoding: "utf8" });
    if (result.status !== 0) {
      process.stderr.write(result.stdout + result.stderr);
      throw new Error(`graph ${command.join(" ")} failed`);
    }
  }
  console.log("subgraph built: subgraph/build/subgraph.yaml");
}

if (import.meta.filename === process.argv[1]) await buildSubgraph();
