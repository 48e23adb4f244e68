import { HttpError, httpHandler } from "../http/http.ts";
import { getContentRuntime } from "../runtime.ts";

/** POST /auth/nonce: a fresh single-use nonce for a Sign-In with Ethereum message (five minutes). */
export const handler = httpHandler(async (event) => {
  const { nonces, limiter, content } = getContentRuntime();
  if (!(await limiter.allow(`nonce-ip#${event.requestContext.http.sourceIp}`, 120, 60))) {
    throw new HttpError(429, "rate_limited", "too many sign-in attempts; wait a minute");
  }
  const { nonce, expiresAt } = await nonces.issue();
  return { json: { nonce, expiresAt, domain: content.siweDomain } };
});
