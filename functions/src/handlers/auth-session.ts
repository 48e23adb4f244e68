import { isHex } from "viem";

import { verifySignIn } from "../auth/siwe.ts";
import { HttpError, httpHandler, jsonBody } from "../http/http.ts";
import { getContentRuntime, logger } from "../runtime.ts";

/**
 * POST /auth/session `{ message, signature }`: a signed Sign-In with Ethereum message becomes a session
 * (a bearer token for an hour). The nonce is used up; a replayed message is refused.
 */
export const handler = httpHandler(async (event) => {
  const { nonces, limiter, content, tokens, publicClient, config } = getContentRuntime();
  if (!(await limiter.allow(`session-ip#${event.requestContext.http.sourceIp}`, 120, 60))) {
    throw new HttpError(429, "rate_limited", "too many sign-in attempts; wait a minute");
  }
  const { message, signature } = jsonBody(event);
  if (typeof message !== "string" || message.length > 4_000) throw new HttpError(400, "bad_request", "message must be the signed Sign-In with Ethereum text");
  if (typeof signature !== "string" || !isHex(signature)) throw new HttpError(400, "bad_request", "signature must be 0x-prefixed hex");
  const address = await verifySignIn({ publicClient, nonces, message, signature, domain: content.siweDomain, chainId: config.chainId });
  const session = tokens.session(address);
  logger.info("signed in", { address, sid: session.claims.sid });
  return { json: { token: session.token, address, expiresAt: session.claims.exp } };
});
