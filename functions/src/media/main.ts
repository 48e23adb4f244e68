/**
 * The media worker's entry point as a container task (ECS on Fargate, functions/media-worker.Dockerfile):
 * the stage's configuration as the functions read it, plus `IPFS_RPC_URL` (the Kubo node or pinning
 * service; `IPFS_RPC_AUTHORIZATION` its credentials, if any) and `WORK_DIR` (scratch space; by default
 * under the system's temporary directory). It takes
 * jobs until it is told to stop; a job cut short by a stop is taken again once its lease runs out.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";

import { ConfigError } from "../config.ts";
import { KuboContentStore } from "../content/kubo-store.ts";
import { getContentRuntime, logger } from "../runtime.ts";
import { MediaWorker } from "./worker.ts";

let runtime: ReturnType<typeof getContentRuntime>;
try {
  runtime = getContentRuntime();
  if (!process.env.IPFS_RPC_URL) throw new ConfigError("IPFS_RPC_URL is not set");
} catch (error) {
  // A configuration mistake stops the task with its one-line reason (ECS shows the last log line).
  logger.error(`the media worker cannot start: ${(error as Error).message}`);
  process.exit(1);
}
const ipfsRpcUrl = process.env.IPFS_RPC_URL!;
const worker = new MediaWorker({
  uploads: runtime.uploads,
  masters: runtime.masters,
  filmKeys: runtime.filmKeys,
  store: new KuboContentStore({ url: ipfsRpcUrl, headers: process.env.IPFS_RPC_AUTHORIZATION ? { authorization: process.env.IPFS_RPC_AUTHORIZATION } : undefined }),
  keyServerUrl: runtime.content.publicUrl,
  workDir: process.env.WORK_DIR || join(tmpdir(), "streamspace-media"),
  log: (message, fields) => logger.info(message, fields ?? {}),
});

const stop = new AbortController();
process.once("SIGTERM", () => stop.abort(new Error("stopping")));
process.once("SIGINT", () => stop.abort(new Error("stopping")));
logger.info("media worker started", { worker: worker.id });
while (!stop.signal.aborted) {
  const job = await worker.runOnce(stop.signal).catch((error: Error) => (logger.error("worker loop", { error }), undefined));
  if (!job) await new Promise((resolve) => setTimeout(resolve, 2_000));
}
logger.info("media worker stopped", { worker: worker.id });
