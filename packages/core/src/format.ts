/**
 * Amounts as a person reads them, from the integers the contracts use (never through floats):
 * SSH has 18 decimals, USD 8 (the oracle's and the exchange's). Browser-safe.
 */
const SSH_DECIMALS = 18;
const USD_DECIMALS = 8;

/**
 * `amount` (an integer with `decimals` decimals) rounded half-up to `maxDecimals`, with thousands
 * separators and no trailing zeros: 49999967139785392295141n -> "49,999.9671". A non-zero amount
 * that rounds to zero shows as "<0.0001" rather than as nothing.
 */
export function formatUnitsRounded(amount: bigint, decimals: number, maxDecimals: number): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const keep = Math.min(maxDecimals, decimals);
  const scale = 10n ** BigInt(decimals - keep);
  const rounded = (abs + scale / 2n) / scale; // half-up, in units of 10^-keep
  if (rounded === 0n && abs !== 0n) return `${negative ? ">-" : "<"}0.${"0".repeat(keep - 1)}1`;
  const unit = 10n ** BigInt(keep);
  const whole = (rounded / unit).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = keep === 0 ? "" : (rounded % unit).toString().padStart(keep, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** SSH wei as "1,234.5678 SSH" (four decimals at most). */
export function formatSsh(wei: bigint, maxDecimals = 4): string {
  return `${formatUnitsRounded(wei, SSH_DECIMALS, maxDecimals)} SSH`;
}

/** USD with 8 decimals as "$2.99" (cents). */
export function formatUsd(usd: bigint): string {
  const text = formatUnitsRounded(usd, USD_DECIMALS, 2);
  const [whole, fraction = ""] = text.replace("-", "").split(".");
  return `${usd < 0n ? "-" : ""}$${whole}.${fraction.padEnd(2, "0")}`;
}
