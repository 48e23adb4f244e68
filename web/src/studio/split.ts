/**
 * The rights holders' split as a filmmaker types it (an address or an ENS name, and a percentage with at
 * most two decimals per holder), checked the way FilmRegistry checks it, so that every mistake is named
 * on its row before any transaction: an empty or malformed address, a wrong checksum, the zero address,
 * a holder listed twice, a share of zero or with more than two decimals, more than 50 holders, shares not
 * summing to exactly 100%. Pure: the editor and the tests share it.
 */
import { type Address, getAddress, isAddress, zeroAddress } from "viem";

/** FilmRegistry.MAX_RECIPIENTS. */
export const MAX_HOLDERS = 50;

export interface SplitRow {
  /** An address (0x…, checksummed or all one case) or an ENS name (name.eth). */
  holder: string;
  /** A percentage as typed: "33.34". */
  percent: string;
}

export type RowError = "holderRequired" | "badAddress" | "badChecksum" | "zeroAddress" | "duplicate" | "ensUnresolved" | "percentRequired" | "badPercent" | "zeroPercent";
export type SplitError = "noHolders" | "tooMany" | "notHundred";

export interface CheckedSplit {
  rows: { address?: Address; bps?: number; error?: RowError }[];
  /** The sum of the valid shares, in basis points. */
  totalBps: number;
  error?: SplitError;
  /** Ready to send: every row valid and the sum exactly 10,000. */
  split?: { recipients: Address[]; sharesBps: number[] };
}

const PERCENT = /^\d{1,3}([.,]\d{1,2})?$/;

export const isEnsName = (holder: string) => /^[^\s.]+(\.[^\s.]+)+$/.test(holder.trim()) && !holder.trim().startsWith("0x");

/** "33.34" → 3334 basis points; undefined when it is not a percentage with at most two decimals in 0–100. */
export function percentToBps(percent: string): number | undefined {
  const text = percent.trim();
  if (!PERCENT.test(text)) return undefined;
  const [whole, fraction = ""] = text.split(/[.,]/) as [string, string?];
  const bps = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return bps <= 10_000 ? bps : undefined;
}

/**
 * Checks the rows; `resolved` gives the address of each ENS name already looked up (null: the name has
 * no address, or names cannot be resolved on this chain).
 */
export function checkSplit(rows: SplitRow[], resolved: Record<string, Address | null> = {}): CheckedSplit {
  const seen = new Set<string>();
  const checked = rows.map((row): CheckedSplit["rows"][number] => {
    const holder = row.holder.trim();
    let address: Address | undefined;
    let error: RowError | undefined;
    if (!holder) error = "holderRequired";
    else if (isEnsName(holder)) {
      const found = resolved[holder.toLowerCase()];
      if (found) address = found;
      else error = "ensUnresolved";
    } else if (!isAddress(holder, { strict: false })) error = "badAddress";
    else if (!isAddress(holder, { strict: true })) error = "badChecksum";
    else address = getAddress(holder);
    if (address === zeroAddress) error = "zeroAddress";
    if (!error && address) {
      if (seen.has(address)) error = "duplicate";
      seen.add(address);
    }
    const bps = row.percent.trim() ? percentToBps(row.percent) : undefined;
    if (!error) {
      if (!row.percent.trim()) error = "percentRequired";
      else if (bps === undefined) error = "badPercent";
      else if (bps === 0) error = "zeroPercent";
    }
    return { ...(address ? { address } : {}), ...(bps !== undefined ? { bps } : {}), ...(error ? { error } : {}) };
  });
  const totalBps = checked.reduce((sum, r) => sum + (r.bps ?? 0), 0);
  const error: SplitError | undefined = rows.length === 0 ? "noHolders" : rows.length > MAX_HOLDERS ? "tooMany" : totalBps !== 10_000 ? "notHundred" : undefined;
  const ready = !error && checked.every((r) => !r.error && r.address && r.bps);
  return {
    rows: checked,
    totalBps,
    ...(error ? { error } : {}),
    ...(ready ? { split: { recipients: checked.map((r) => r.address!), sharesBps: checked.map((r) => r.bps!) } } : {}),
  };
}

/** Shares spread evenly over `count` holders, the rounding remainder on the first (so they sum to 100%). */
export function evenSplit(count: number): string[] {
  if (count <= 0) return [];
  const each = Math.floor(10_000 / count);
  return Array.from({ length: count }, (_, i) => {
    const bps = i === 0 ? 10_000 - each * (count - 1) : each;
    return `${Math.floor(bps / 100)}.${String(bps % 100).padStart(2, "0")}`;
  });
}
