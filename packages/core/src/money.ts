/**
 * Money as the contracts count it, in integers: USD with 8 decimals (the oracle's and the exchange's),
 * SSH with 18, rates in USD per SSH with 8. The conversions mirror the contracts' UsdConversion library
 * exactly, rounding included (a test compares them with it on random inputs), so that a quote computed
 * here is what the contract will compute.
 */
const SSH_UNIT = 10n ** 18n;
export const USD_DECIMALS = 8;

/** SSH worth `usd` at `rate`, rounded down (what the exchange credits). */
export function usdToSshDown(usd: bigint, rate: bigint): bigint {
  if (rate <= 0n) throw new RangeError("the rate must be above zero");
  return (usd * SSH_UNIT) / rate;
}

/** SSH worth `usd` at `rate`, rounded up (what a dollar-priced view costs). */
export function usdToSshUp(usd: bigint, rate: bigint): bigint {
  if (rate <= 0n) throw new RangeError("the rate must be above zero");
  const product = usd * SSH_UNIT;
  return product === 0n ? 0n : (product - 1n) / rate + 1n;
}

/** USD worth `ssh` at `rate`, rounded down (what a cash-out pays). */
export function sshToUsdDown(ssh: bigint, rate: bigint): bigint {
  return (ssh * rate) / SSH_UNIT;
}

/** `bps` basis points of `amount`, rounded down (the contracts' BasisPoints.mulDown: a cash-out's fee). */
export function bpsOfDown(amount: bigint, bps: bigint | number): bigint {
  return (amount * BigInt(bps)) / 10_000n;
}

/**
 * Parses a dollar amount as a person writes it ("5", "4.99", "$1,200.5") into USD with 8 decimals;
 * refuses anything else (negative, more than 8 decimals, not a number) with a RangeError that says so.
 */
export function parseUsd(text: string): bigint {
  const cleaned = text.trim().replace(/^\$/, "").replaceAll(",", "");
  const match = /^(\d+)(?:\.(\d{0,8}))?$/.exec(cleaned);
  if (!match) throw new RangeError(`not a dollar amount (up to 8 decimals): ${JSON.stringify(text)}`);
  return BigInt(match[1]!) * 10n ** 8n + BigInt((match[2] ?? "").padEnd(8, "0"));
}

/**
 * The on-chain payment id of a payment provider's payment (the exchange credits each id at most once):
 * see payment-id.ts.
 */
export { paymentIdOf } from "./payment-id.ts";
