/**
 * Prices as exact fixed-point integers (18 decimals), parsed from what ticker APIs send: decimal
 * strings, and sometimes JSON numbers (which may print in exponent form). Never floats in arithmetic.
 */
export const SCALE = 10n ** 18n;

/** Parses "42000.5", "0.00001234", 56000000 or 1.2e-7 into an 18-decimal integer (rounded down). */
export function toFixed18(value: unknown): bigint {
  const text = typeof value === "number" ? numberToPlain(value) : typeof value === "string" ? value.trim() : "";
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) throw new Error(`not a non-negative decimal: ${JSON.stringify(value)}`);
  const fraction = (match[2] ?? "").slice(0, 18).padEnd(18, "0");
  return BigInt(match[1]!) * SCALE + BigInt(fraction);
}

/** A JSON number as the shortest decimal that reads back as it (no float noise), without exponent. */
function numberToPlain(n: number): string {
  if (!Number.isFinite(n) || n < 0) return "";
  const [mantissa, exponentText] = String(n).split("e");
  if (exponentText === undefined) return mantissa!;
  const exponent = Number(exponentText);
  const [whole, fraction = ""] = mantissa!.split(".");
  const digits = whole! + fraction;
  const point = whole!.length + exponent; // where the decimal point falls in `digits`
  if (point <= 0) return `0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + "0".repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}
