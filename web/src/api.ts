/**
 * The functions' HTTP API as the signed-in wallet: a SIWE session (auth/session.ts) in the
 * Authorization header; a refusal comes back as an Error with the API's reason.
 */
import type { Address } from "viem";
import type { Config } from "wagmi";

import { sessionFor } from "./auth/session.ts";
import type { DappConfig } from "./config.ts";

export class ApiError extends Error {
  readonly status: number;
  readonly code?: string;
  constructor(status: number, message: string, code?: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** GET without a body, POST with one, or the method given (`DELETE /films/{id}`, `PUT /films/{id}/metadata`). */
export async function callApi<T>(wagmi: Config, config: DappConfig, address: Address, path: string, body?: unknown, method?: "DELETE" | "PUT"): Promise<T> {
  const session = await sessionFor(wagmi, config, address);
  const res = await fetch(`${config.apiUrl}${path}`, {
    method: method ?? (body === undefined ? "GET" : "POST"),
    headers: { authorization: `Bearer ${session}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as T & { message?: string; error?: string };
  if (!res.ok) throw new ApiError(res.status, json.message ?? `${res.status}`, json.error);
  return json;
}
