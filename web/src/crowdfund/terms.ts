/**
 * A crowdfund's terms as a filmmaker sets them, checked the way CampaignFactory checks them (so every
 * mistake is named before any transaction), and the waterfall they make: what investors and the
 * filmmaker receive after a number of views, computed as CrowdfundVault computes it (the vault's share
 * of the film's revenue goes wholly to investors until they have `raise x multiple`, then
 * `after / before` of it; the filmmaker keeps the rest of the vault's income and the rest of its own
 * share). Pure: the launch form, the campaign page and the tests share it.
 */

/** CampaignFactory's bounds. */
export const MIN_GOAL = 10n ** 18n;
export const MAX_DURATION = 365 * 86_400;
export const MAX_TRANCHES = 8;

export interface CampaignTerms {
  goal: bigint;
  cap: bigint;
  /** Unix seconds. */
  deadline: number;
  minContribution: bigint;
  maxPerInvestor: bigint;
  investorShareBps: number;
  investorShareAfterPaybackBps: number;
  paybackMultipleBps: number;
  tranchesBps: number[];
  /** Seconds after success. */
  trancheDelays: number[];
}

export type TermsError =
  | "goalTooSmall"
  | "capBelowGoal"
  | "deadlinePast"
  | "deadlineTooFar"
  | "minZero"
  | "minAboveMax"
  | "minAboveCap"
  | "shareZero"
  | "shareAboveOwn"
  | "afterAboveBefore"
  | "multipleOutOfRange"
  | "tranchesCount"
  | "tranchesSum"
  | "trancheZero"
  | "delaysOrder";

/** Each wrong field with why (the first mistake of each), given the chain's time and the owner's share of the film. */
export function checkTerms(t: CampaignTerms, now: number, ownerShareBps: number): Partial<Record<keyof CampaignTerms, TermsError>> {
  const errors: Partial<Record<keyof CampaignTerms, TermsError>> = {};
  if (t.goal < MIN_GOAL) errors.goal = "goalTooSmall";
  if (t.cap < t.goal) errors.cap = "capBelowGoal";
  if (t.deadline <= now) errors.deadline = "deadlinePast";
  else if (t.deadline > now + MAX_DURATION) errors.deadline = "deadlineTooFar";
  if (t.minContribution <= 0n) errors.minContribution = "minZero";
  else if (t.minContribution > t.maxPerInvestor) errors.minContribution = "minAboveMax";
  else if (t.minContribution > t.cap) errors.minContribution = "minAboveCap";
  if (t.investorShareBps <= 0) errors.investorShareBps = "shareZero";
  else if (t.investorShareBps > ownerShareBps) errors.investorShareBps = "shareAboveOwn";
  if (t.investorShareAfterPaybackBps > t.investorShareBps) errors.investorShareAfterPaybackBps = "afterAboveBefore";
  if (t.paybackMultipleBps < 10_000 || t.paybackMultipleBps > 100_000) errors.paybackMultipleBps = "multipleOutOfRange";
  if (t.tranchesBps.length === 0 || t.tranchesBps.length > MAX_TRANCHES || t.trancheDelays.length !== t.tranchesBps.length) errors.tranchesBps = "tranchesCount";
  else if (t.tranchesBps.some((bps) => bps <= 0)) errors.tranchesBps = "trancheZero";
  else if (t.tranchesBps.reduce((a, b) => a + b, 0) !== 10_000) errors.tranchesBps = "tranchesSum";
  if (t.trancheDelays[0] !== 0 || t.trancheDelays.some((d, i) => i > 0 && d < t.trancheDelays[i - 1]!)) errors.trancheDelays = "delaysOrder";
  return errors;
}

export interface Waterfall {
  /** SSH wei the film's rights holders receive from the views (after the platform's fee). */
  revenue: bigint;
  /** The vault's part of it. */
  vaultIncome: bigint;
  toInvestors: bigint;
  /** The filmmaker's: the rest of its own share plus the vault's income investors do not receive. */
  toFilmmaker: bigint;
  paybackTarget: bigint;
  /** Views at which investors are paid back (undefined: never, a film with no revenue). */
  paybackViews?: number;
}

/** What `views` rentals at `pricePerView` (SSH wei each) bring, with `raise` raised. */
export function waterfall(t: Pick<CampaignTerms, "investorShareBps" | "investorShareAfterPaybackBps" | "paybackMultipleBps">, { views, pricePerView, feeBps, raise, ownerShareBps }: { views: number; pricePerView: bigint; feeBps: number; raise: bigint; ownerShareBps: number }): Waterfall {
  const perView = pricePerView - (pricePerView * BigInt(feeBps)) / 10_000n;
  const revenue = perView * BigInt(views);
  const vaultIncome = (revenue * BigInt(t.investorShareBps)) / 10_000n;
  const paybackTarget = (raise * BigInt(t.paybackMultipleBps)) / 10_000n;
  const afterPayback = (income: bigint) => (t.investorShareBps === 0 ? 0n : (income * BigInt(t.investorShareAfterPaybackBps)) / BigInt(t.investorShareBps));
  const toInvestors = vaultIncome <= paybackTarget ? vaultIncome : paybackTarget + afterPayback(vaultIncome - paybackTarget);
  const own = (revenue * BigInt(ownerShareBps - t.investorShareBps)) / 10_000n;
  const vaultPerView = (perView * BigInt(t.investorShareBps)) / 10_000n;
  const paybackViews = vaultPerView > 0n ? Number((paybackTarget + vaultPerView - 1n) / vaultPerView) : undefined;
  return { revenue, vaultIncome, toInvestors, toFilmmaker: own + vaultIncome - toInvestors, paybackTarget, ...(paybackViews !== undefined ? { paybackViews } : {}) };
}
