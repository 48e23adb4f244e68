import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";

/**
 * The functions served locally by serverless-offline (osls), exactly as serverless.yml declares them:
 * it runs each bundled handler on its schedule, and answers the AWS SDK's Lambda `Invoke` on
 * `lambdaPort`, which `npm start` and `npm run invoke` use to run a function now.
 */
const ROOT = join(import.meta.dirname, "..");
export const FUNCTION_NAMES = ["rates", "popularity", "settle", "payouts", "onramp", "reconcile", "recommendationsTrain"] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export function lambdaClient(lambdaPort: number) {
  return new LambdaClient({
    endpoint: `http://127.0.0.1:${lambdaPort}`,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

/** Invokes `name` now and returns what its handler returned (or throws with its error). */
export async function invokeFunction(client: LambdaClient, name: FunctionName, stage = "local"): Promise<unknown> {
  const result = await client.send(new InvokeCommand({ FunctionName: `streamspace-${stage}-${name}`, Payload: new TextEncoder().encode("{}") }));
  const payload = result.Payload ? JSON.parse(new TextDecoder().decode(result.Payload)) : undefined;
  if (result.FunctionError) throw new Error(`${name}: ${JSON.stringify(payload)}`);
  return payload;
}

/** Starts serverless-offline with `env` (the deployment, keys, endpoints) and waits until it listens. */
export async function startFunctionsOffline({ env, lambdaPort, httpPort, log }: {
  env: Record<string, string>;
  lambdaPort: number;
  httpPort: number;
  log: (line: string) => void;
}): Promise<{ child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [join(ROOT, "node_modules", "osls", "bin", "serverless.js"), "offline", "start", "--stage", "local", "--lambdaPort", String(lambdaPort), "--httpPort", String(httpPort), "--noPrependStageInUrl"],
    { cwd: ROOT, env: { ...process.env, ...env, CI: "true" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("serverless-offline did not start within 60 s")), 60_000);
    let lambdaReady = false;
    let httpReady = false;
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        log(line);
        // Ready when both servers listen: the Lambda API, then the HTTP API.
        if (line.includes(`listening on http://localhost:${lambdaPort}`)) lambdaReady = true;
        if (line.includes(`Server ready: http://localhost:${httpPort}`)) httpReady = true;
        if (lambdaReady && httpReady) {
          clearTimeout(timer);
          resolve();
        }
      }
    };
    child.stdout!.on("data", onLine);
    child.stderr!.on("data", onLine);
    child.once("exit", (code) => reject(new Error(`serverless-offline exited with ${code}`)));
  });
  return {
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
