/**
 * The key server's bearer tokens, signed with HMAC-SHA256 under the service's secret: a session (who
 * signed in with their wallet, for an hour) and a key token (one wallet, one film key, ten minutes: it
 * rides in the key URL so players that cannot add headers, like Safari's native HLS, still fetch the
 * key). A token is `v1.<payload>.<mac>` in base64url; it carries no secret, only claims.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

import type { Address } from "viem";
import { getAddress, isAddress } from "viem";

export type TokenClaims =
  | { typ: "session"; sub: Address; sid: string; exp: number }
  | { typ: "key"; sub: Address; key: string; sid: string; exp: number };

export class TokenError extends Error {}

export const SESSION_SECONDS = 3_600;
export const KEY_TOKEN_SECONDS = 600;

export class Tokens {
  private readonly secret: Uint8Array;

  constructor(secret: Uint8Array) {
    if (secret.length < 32) throw new TokenError("the token secret must be at least 32 bytes");
    this.secret = secret;
  }

  session(wallet: Address, now = Date.now()): { token: string; claims: TokenClaims & { typ: "session" } } {
    const claims = { typ: "session" as const, sub: getAddress(wallet), sid: randomBytes(12).toString("base64url"), exp: Math.floor(now / 1000) + SESSION_SECONDS };
    return { token: this.sign(claims), claims };
  }

  /** A key token for one film key, from a session; it expires with the session if that is sooner. */
  keyToken(session: TokenClaims & { typ: "session" }, keyId: string, now = Date.now()): { token: string; claims: TokenClaims & { typ: "key" } } {
    const claims = { typ: "key" as const, sub: session.sub, key: keyId, sid: session.sid, exp: Math.min(session.exp, Math.floor(now / 1000) + KEY_TOKEN_SECONDS) };
    return { token: this.sign(claims), claims };
  }

  /** The claims of a valid, unexpired token of the expected type; otherwise a TokenError saying why. */
  verify<T extends TokenClaims["typ"]>(token: string | undefined, typ: T, now = Date.now()): Extract<TokenClaims, { typ: T }> {
    if (!token) throw new TokenError("no token");
    const [version, payload, mac] = token.split(".");
    if (version !== "v1" || !payload || !mac) throw new TokenError("malformed token");
    const expected = this.mac(`v1.${payload}`);
    const given = Buffer.from(mac, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new TokenError("bad token signature");
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as TokenClaims;
    } catch {
      throw new TokenError("malformed token");
    }
    if (claims.typ !== typ) throw new TokenError(`not a ${typ} token`);
    if (typeof claims.sub !== "string" || !isAddress(claims.sub) || typeof claims.exp !== "number") throw new TokenError("malformed token");
    if (claims.exp * 1000 <= now) throw new TokenError("token expired");
    return claims as Extract<TokenClaims, { typ: T }>;
  }

  private sign(claims: TokenClaims): string {
    const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
    return `v1.${payload}.${this.mac(`v1.${payload}`).toString("base64url")}`;
  }

  private mac(data: string): Buffer {
    return createHmac("sha256", this.secret).update(data).digest();
  }
}
