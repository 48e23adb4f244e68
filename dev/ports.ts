import { type AddressInfo, createServer, type Server } from "node:net";

/** A port the local platform listens on, and the variable that moves it. */
export interface PlatformPort {
  what: string;
  port: number;
  variable: string;
  /** The variable's value as set (undefined: the default). */
  value?: string;
}

/** The local platform's ports, from the environment or their defaults (the README lists them). */
export function platformPorts(env: NodeJS.ProcessEnv = process.env): PlatformPort[] {
  const port = (what: string, variable: string, fallback: number): PlatformPort => ({
    what,
    variable,
    value: env[variable],
    port: env[variable] === undefined ? fallback : Number(env[variable]),
  });
  return [
    port("the chain's JSON-RPC", "STREAMSPACE_RPC_PORT", 8545),
    port("the subgraph's GraphQL", "STREAMSPACE_GRAPH_PORT", 8000),
    port("the functions' Lambda API (serverless-offline)", "STREAMSPACE_LAMBDA_PORT", 3002),
    port("the functions' HTTP API (serverless-offline)", "STREAMSPACE_FUNCTIONS_PORT", 3000),
    port("DynamoDB (dynalite)", "STREAMSPACE_DYNAMODB_PORT", 8002),
    port("the local exchange market", "STREAMSPACE_MARKET_PORT", 8003),
    port("object storage for film masters (s3rver)", "STREAMSPACE_S3_PORT", 4569),
    port("the IPFS gateway", "STREAMSPACE_IPFS_PORT", 8080),
    port("the development payment provider (Stripe's API)", "STREAMSPACE_STRIPE_PORT", 12111),
    port("the dapp (Vite)", "STREAMSPACE_DAPP_PORT", 5173),
  ];
}

/** Whether `port` on 127.0.0.1 can be listened on now. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * The ports that are not usable, each with a message naming it and the variable that moves it
 * (an empty list: all free). Checked before anything starts or is written.
 */
export async function unusablePorts(ports: PlatformPort[]): Promise<string[]> {
  const problems: string[] = [];
  const seen = new Map<number, string>();
  for (const p of ports) {
    if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65_535) {
      problems.push(`${p.variable}=${p.value} is not a port number (1 to 65535), for ${p.what}.`);
    } else if (seen.has(p.port)) {
      problems.push(`Port ${p.port} is asked for both ${seen.get(p.port)} and ${p.what}: set ${p.variable} to another port.`);
    } else if (!(await portIsFree(p.port))) {
      problems.push(
        `Port ${p.port} (${p.what}) is already in use, perhaps by another \`npm start\`. Stop it, or set ` +
          `${p.variable} to a free port, e.g. ${p.variable}=${p.port + 10} npm start.`,
      );
    }
    seen.set(p.port, p.what);
  }
  return problems;
}

/** `count` distinct ports that are free now (tests: so another run on the machine is no obstacle). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<Server>((resolve) => { const s = createServer(); s.listen(0, "127.0.0.1", () => resolve(s)); })),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
