/**
 * graph-node's query endpoint for one subgraph: `POST /subgraphs/name/<name>` with a JSON body
 * `{ query, variables, operationName }` (or `GET ?query=...`), answering `{ data, errors }`, so that the
 * dapp switches between this and a hosted subgraph by URL alone. CORS is open for the local dapp.
 */
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";

import type { QueryService } from "./graphql.js";

export interface SubgraphServer {
  url: string;
  close(): Promise<void>;
}

export async function serveSubgraph(service: QueryService, options: { name: string; host?: string; port?: number }): Promise<SubgraphServer> {
  const host = options.host ?? "127.0.0.1";
  const path = `/subgraphs/name/${options.name}`;
  const server = createServer((req, res) => {
    handle(service, path, req, res).catch((error: Error) => reply(res, 500, { errors: [{ message: error.message }] }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8000, host, resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://${host}:${port}${path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function handle(service: QueryService, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (req.method === "OPTIONS") return reply(res, 204, null);
  if (url.pathname !== path) {
    return reply(res, 404, { errors: [{ message: `No subgraph at ${url.pathname}; this server serves ${path}` }] });
  }
  let request: { query?: string; variables?: Record<string, unknown> | null; operationName?: string | null };
  if (req.method === "GET") {
    const variables = url.searchParams.get("variables");
    try {
      request = { query: url.searchParams.get("query") ?? undefined, variables: variables ? JSON.parse(variables) : null };
    } catch {
      return reply(res, 400, { errors: [{ message: "The `variables` parameter is not valid JSON" }] });
    }
  } else if (req.method === "POST") {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return reply(res, 400, { errors: [{ message: "The request body is not valid JSON" }] });
    }
  } else {
    return reply(res, 405, { errors: [{ message: `Method ${req.method} is not allowed` }] });
  }
  if (typeof request.query !== "string" || request.query.trim() === "") {
    return reply(res, 400, { errors: [{ message: "The request has no `query`" }] });
  }
  const result = await service.execute({ query: request.query, variables: request.variables, operationName: request.operationName });
  reply(res, 200, result);
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    "content-type": "application/json",
    "access-control-allow-origin": "*",
    "access-control-allow-headers": "content-type",
    "access-control-allow-methods": "GET, POST, OPTIONS",
  });
  res.end(body === null ? undefined : JSON.stringify(body));
}
