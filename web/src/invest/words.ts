import type { Translate } from "../i18n.ts";

/** Seconds left as a person says it: days, else hours, else minutes; "ended" when none. */
export function timeLeft(seconds: number, t: Translate): string {
  if (seconds <= 0) return t("crowdfund.ended");
  if (seconds >= 2 * 86_400) return t("crowdfund.daysLeft", { count: Math.floor(seconds / 86_400) });
  if (seconds >= 3_600) return t("crowdfund.hoursLeft", { count: Math.floor(seconds / 3_600) });
  return t("crowdfund.minutesLeft", { count: Math.max(1, Math.floor(seconds / 60)) });
}
