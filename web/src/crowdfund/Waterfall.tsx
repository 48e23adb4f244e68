import { useState } from "react";

import { formatSshAmount } from "../data/prices.ts";
import { useTranslation } from "../i18n.ts";
import { type CampaignTerms, waterfall } from "./terms.ts";

/**
 * The live preview of a campaign's waterfall: "at N views investors receive X, the filmmaker Y", with
 * the number of views that pays investors back, for a raise of the goal or of the cap.
 */
export function WaterfallPreview({ terms, pricePerView, feeBps, ownerShareBps, raise, forFilmmaker = false }: {
  terms: Pick<CampaignTerms, "investorShareBps" | "investorShareAfterPaybackBps" | "paybackMultipleBps">;
  /** SSH wei a rental costs now (a USD price at the current rate). */
  pricePerView: bigint;
  feeBps: number;
  ownerShareBps: number;
  raise: bigint;
  /** Said to the filmmaker (all it receives, its own share included), or to investors (the campaign's share only). */
  forFilmmaker?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [views, setViews] = useState("10000");
  const n = Math.max(0, Math.min(1e9, Math.floor(Number(views) || 0)));
  const w = waterfall(terms, { views: n, pricePerView, feeBps, raise, ownerShareBps });
  const ssh = (wei: bigint) => `${formatSshAmount(wei, i18n.language)} SSH`;
  const count = (x: number) => new Intl.NumberFormat(i18n.language).format(x);
  return (
    <section className="waterfall" aria-label={t("crowdfund.waterfall.title")}>
      <h3>{t("crowdfund.waterfall.title")}</h3>
      <label>
        {t("crowdfund.waterfall.views")}
        <input inputMode="numeric" value={views} onChange={(e) => setViews(e.target.value)} />
      </label>
      <p role="status" data-testid="waterfall">
        {t(forFilmmaker ? "crowdfund.waterfall.sentenceYou" : "crowdfund.waterfall.sentence", { views: count(n), investors: ssh(w.toInvestors), filmmaker: ssh(w.toFilmmaker) })}
      </p>
      <p className="meta">
        {w.paybackViews !== undefined
          ? t("crowdfund.waterfall.payback", { target: ssh(w.paybackTarget), views: count(w.paybackViews) })
          : t("crowdfund.waterfall.noRevenue")}
      </p>
    </section>
  );
}
