/**
 * The HTTP functions' one way in and out (API Gateway HTTP API, payload 2.0): each handler returns a
 * result or throws; domain errors become HTTP statuses here, in one place, with a JSON body
 * `{ error, message }` saying why. Anything unexpected is a 500 whose details go to the log only.
 * Responses are never cached unless a handler says so.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";

import { SignInError } from "../auth/siwe.ts";
import { TokenError } from "../auth/tokens.ts";
import { ConfigError } from "../config.ts";
import { FilmKeyError } from "../content/film-keys.ts";
import { QuoteError } from "@streamspace/core/quote";
import { logger } from "../runtime.ts";

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export interface HttpResult {
  status?: number;
  json?: unknown;
  /** A binary body (a film key). */
  bytes?: Uint8Array;
  headers?: Record<string, string>;
}

const BASE_HEADERS = {
  "cache-control": "no-store",
  "access-control-allow-origin": "*",
  "x-content-type-options": "nosniff",
};

export function httpHandler(handle: (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResult>) {
  return async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    logger.addContext(context);
    try {
      const result = await handle(event, context);
      if (result.bytes) {
        return {
          statusCode: result.status ?? 200,
          headers: { ...BASE_HEADERS, "content-type": "application/octet-stream", ...result.headers },
          body: Buffer.from(result.bytes).toString("base64"),
          isBase64Encoded: true,
        };
      }
      return { statusCode: result.status ?? 200, headers: { ...BASE_HEADERS, "content-type": "application/json", ...result.headers }, body: JSON.stringify(result.json ?? {}) };
    } catch (error) {
      const { status, code, message } = toHttpError(error);
      if (status >= 500) logger.error("request failed", { route: event.routeKey, error: error as Error });
      else logger.info("request refused", { route: event.routeKey, status, code, message });
      return { statusCode: status, headers: { ...BASE_HEADERS, "content-type": "application/json" }, body: JSON.stringify({ error: code, message }) };
    }
  };
}

function toHttpError(error: unknown): { status: number; code: string; message: string } {
  if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message };
  if (error instanceof TokenError) return { status: 401, code: "unauthenticated", message: error.message };
  if (error instanceof SignInError) return { status: 401, code: "sign_in_refused", message: error.message };
  if (error instanceof FilmKeyError) return { status: 409, code: "film_key", message: error.message };
  if (error instanceof QuoteError) return { status: QUOTE_ERROR_STATUS[error.code] ?? 409, code: error.code, message: error.message };
  if (error instanceof ConfigError) return { status: 500, code: "misconfigured", message: "the service is misconfigured" };
  return { status: 500, code: "internal", message: "something went wrong on our side; try again" };
}

/** A quote refused: a bad amount is the request's fault (400); the rate being updated is ours (503); the rest (limits, inventory, the film) a conflict with the state now (409). */
const QUOTE_ERROR_STATUS: Record<string, number> = { bad_amount: 400, amount_too_small: 400, rate_unavailable: 503 };

/** The JSON body of a request, or a 400. */
export function jsonBody(event: APIGatewayProxyEventV2): Record<string, unknown> {
  if (!event.body) throw new HttpError(400, "bad_request", "a JSON body is required");
  try {
    const text = event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
    const value = JSON.parse(text) as unknown;
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error();
    return value as Record<string, unknown>;
  } catch {
    throw new HttpError(400, "bad_request", "the body is not a JSON object");
  }
}

/** The bearer token of the Authorization header, if any. */
export function bearer(event: APIGatewayProxyEventV2): string | undefined {
  const header = event.headers?.authorization ?? event.headers?.Authorization;
  return header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
}

/** A positive integer path parameter (a film id), or a 400. */
export function idParam(event: APIGatewayProxyEventV2, name: string): bigint {
  const value = event.pathParameters?.[name];
  if (!value || !/^[1-9]\d{0,30}$/.test(value)) throw new HttpError(400, "bad_request", `${name} is not an id: ${value}`);
  return BigInt(value);
}
