import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { getAddress, parseEventLogs } from "viem";
import { useAccount, useConfig, useReadContract } from "wagmi";
import { readContract } from "wagmi/actions";
import { Link, useLocation, useParams } from "wouter";

import { campaignFactoryAbi, filmRegistryAbi, payPerViewAbi } from "@streamspace/core/generated/contracts";
import { querySubgraph } from "@streamspace/core/subgraph";
import { STUDIO_FILMS_OF } from "@streamspace/core/subgraph-studio";

import { TxStatus } from "../components/TxStatus.tsx";
import type { DappConfig } from "../config.ts";
import { useCatalogueMetadata } from "../data/catalogue.ts";
import { useChainNow } from "../data/chain-time.ts";
import { parseAmount, priceInSsh, useRate } from "../data/prices.ts";
import { useTranslation } from "../i18n.ts";
import { useTransaction } from "../transactions/useTransaction.ts";
import { type CampaignTerms, checkTerms } from "../crowdfund/terms.ts";
import { WaterfallPreview } from "../crowdfund/Waterfall.tsx";

const DAY = 86_400;

/** "12.5" % → basis points (two decimals at most). */
function bps(text: string): number | undefined {
  const t = text.trim().replace(",", ".");
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return undefined;
  return Math.round(Number(t) * 100);
}

/**
 * Launch a crowdfund for one of the filmmaker's films: goal, cap, deadline, the least and the most per
 * investor, investors' share before and after payback, the payback multiple, the tranches and their
 * delays; each mistake named before any transaction (as CampaignFactory would refuse it), a live preview
 * of the waterfall, then the film's split handed to the campaign factory (if it is not yet) and the
 * campaign created: its page, to share, opens.
 */
export function LaunchCampaign({ config }: { config: DappConfig }) {
  const { t } = useTranslation();
  const wagmi = useConfig();
  const { address } = useAccount();
  const filmId = useParams<{ filmId: string }>().filmId;
  const [, navigate] = useLocation();
  const chainNow = useChainNow();
  const rate = useRate(config);
  const tx = useTransaction(config);
  const studio = useQuery({
    queryKey: ["studio", address],
    enabled: Boolean(address),
    queryFn: () => querySubgraph(config.subgraphUrl, STUDIO_FILMS_OF, { owner: address!.toLowerCase(), pending: address!.toLowerCase() }),
  });
  const film = studio.data?.films.find((f) => f.filmId === filmId);
  const metadata = useCatalogueMetadata(config, film ? [{ filmId: BigInt(film.filmId), metadataURI: film.metadataURI, price: 0n, priceInUsd: false, rentalWindow: 0, views: 0, createdAt: 0 }] : []);
  const title = film ? (metadata.get(film.metadataURI)?.title ?? `#${film.filmId}`) : `#${filmId}`;
  const { data: feeBps } = useReadContract({ address: config.contracts.PayPerView, abi: payPerViewAbi, functionName: "platformFeeBps" });
  const [form, setForm] = useState({ goal: "", cap: "", deadline: "", min: "1", max: "", share: "", after: "", multiple: "1.2", name: "", symbol: "" });
  // The deadline's default: 30 days from now by the chain's clock (the end of that UTC day).
  const defaultDeadline = new Date((chainNow() + 30 * DAY) * 1000).toISOString().slice(0, 10);
  const [tranches, setTranches] = useState([{ percent: "100", days: "0" }]);
  const [errors, setErrors] = useState<Record<string, string>>({});

  if (!address) return <p>{t("studio.connect")}</p>;
  if (studio.isPending) return <p aria-busy="true">{t("catalogue.loading")}</p>;
  if (!film) return <p role="alert">{t("crowdfund.launch.notYours")}</p>;
  const ownerShareBps = film.split.recipients.reduce((sum, r, i) => (r.toLowerCase() === address.toLowerCase() ? sum + film.split.sharesBps[i]! : sum), 0);
  const field = (name: keyof typeof form, label: string, hint?: string) => (
    <label>
      {label}
      <input
        value={form[name]}
        inputMode={name === "name" || name === "symbol" ? undefined : "decimal"}
        aria-invalid={Boolean(errors[name])}
        aria-describedby={errors[name] ? `launch-${name}-error` : undefined}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
      {hint ? <span className="meta">{hint}</span> : null}
      {errors[name] ? <span id={`launch-${name}-error`} className="field-error">{errors[name]}</span> : null}
    </label>
  );

  /** The terms as typed, or the fields that are not numbers at all. */
  const parsed = (): { terms?: CampaignTerms; bad: Record<string, string> } => {
    const bad: Record<string, string> = {};
    const amount = (k: "goal" | "cap" | "min" | "max") => parseAmount(form[k], 18) ?? ((bad[k] = t("crowdfund.launch.notAmount")), 0n);
    const percent = (k: "share" | "after") => bps(form[k]) ?? ((bad[k] = t("crowdfund.launch.notPercent")), 0);
    const deadline = Date.parse(`${form.deadline || defaultDeadline}T23:59:59Z`) / 1000;
    if (!Number.isFinite(deadline)) bad.deadline = t("crowdfund.launch.notDate");
    const multiple = Number(form.multiple.replace(",", "."));
    if (!Number.isFinite(multiple)) bad.multiple = t("crowdfund.launch.notMultiple");
    const terms: CampaignTerms = {
      goal: amount("goal"),
      cap: amount("cap"),
      deadline,
      minContribution: amount("min"),
      maxPerInvestor: amount("max"),
      investorShareBps: percent("share"),
      investorShareAfterPaybackBps: percent("after"),
      paybackMultipleBps: Math.round(multiple * 10_000),
      tranchesBps: tranches.map((x) => bps(x.percent) ?? 0),
      trancheDelays: tranches.map((x) => Math.round(Number(x.days) * DAY)),
    };
    return { terms, bad };
  };

  async function launch() {
    const { terms, bad } = parsed();
    const names: Record<string, string> = { goal: "goal", cap: "cap", deadline: "deadline", minContribution: "min", maxPerInvestor: "max", investorShareBps: "share", investorShareAfterPaybackBps: "after", paybackMultipleBps: "multiple", tranchesBps: "tranches", trancheDelays: "tranches" };
    const found = { ...bad };
    for (const [key, error] of Object.entries(checkTerms(terms!, chainNow(), ownerShareBps))) {
      const at = names[key]!;
      found[at] ??= t(`crowdfund.errors.${error}`, { own: `${ownerShareBps / 100}%` });
    }
    if (!form.name.trim()) found.name = t("studio.publish.required");
    if (!/^[A-Z0-9]{2,11}$/.test(form.symbol.trim())) found.symbol = t("crowdfund.launch.badSymbol");
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const factory = { address: config.contracts.CampaignFactory, abi: campaignFactoryAbi } as const;
    let vault: `0x${string}` | undefined;
    await tx.run(async ({ write }) => {
      // The factory must manage the film's split (so the vault can join it at success).
      const manager = await readContract(wagmi, { address: config.contracts.FilmRegistry, abi: filmRegistryAbi, functionName: "splitManager", args: [BigInt(film!.filmId)] });
      if (getAddress(manager) !== getAddress(config.contracts.CampaignFactory)) {
        await write({ address: config.contracts.FilmRegistry, abi: filmRegistryAbi, functionName: "setSplitManager", args: [BigInt(film!.filmId), config.contracts.CampaignFactory] });
      }
      const fresh = terms!;
      const receipt = await write({
        ...factory,
        functionName: "createCampaign",
        args: [{ filmId: BigInt(film!.filmId), goal: fresh.goal, cap: fresh.cap, deadline: BigInt(fresh.deadline), minContribution: fresh.minContribution, maxPerInvestor: fresh.maxPerInvestor, investorShareBps: fresh.investorShareBps, investorShareAfterPaybackBps: fresh.investorShareAfterPaybackBps, paybackMultipleBps: fresh.paybackMultipleBps, tranchesBps: fresh.tranchesBps, trancheDelays: fresh.trancheDelays }, form.name.trim(), form.symbol.trim()],
      });
      vault = parseEventLogs({ abi: campaignFactoryAbi, logs: receipt.logs, eventName: "CampaignCreated" })[0]!.args.vault;
    });
    if (vault) navigate(`/campaigns/${vault.toLowerCase()}`);
  }

  const { terms, bad } = parsed();
  // The preview only from terms the vault would take: no figures from a share or multiple that is wrong.
  const previewable = terms !== undefined && !["goal", "share", "after", "multiple"].some((k) => bad[k]) &&
    !Object.keys(checkTerms(terms, chainNow(), ownerShareBps)).some((k) => ["goal", "investorShareBps", "investorShareAfterPaybackBps", "paybackMultipleBps"].includes(k));
  const price = priceInSsh({ price: BigInt(film.price), priceInUsd: film.priceInUsd }, rate);
  return (
    <section aria-labelledby="launch-title" className="publish">
      <p>
        <Link to="/studio">← {t("studio.title")}</Link>
      </p>
      <h1 id="launch-title">{t("crowdfund.launch.title", { title })}</h1>
      <p>{t("crowdfund.launch.intro", { own: `${ownerShareBps / 100}%` })}</p>
      <form
        aria-label={t("crowdfund.launch.form")}
        onSubmit={(e) => {
          e.preventDefault();
          void launch();
        }}
      >
        <fieldset disabled={tx.busy}>
          <legend>{t("crowdfund.launch.raise")}</legend>
          <div className="inline">
            {field("goal", t("crowdfund.launch.goal"))}
            {field("cap", t("crowdfund.launch.cap"))}
            <label>
              {t("crowdfund.launch.deadline")}
              <input
                type="date"
                value={form.deadline || defaultDeadline}
                aria-invalid={Boolean(errors.deadline)}
                aria-describedby={errors.deadline ? "launch-deadline-error" : undefined}
                onChange={(e) => setForm({ ...form, deadline: e.target.value })}
              />
              {errors.deadline ? <span id="launch-deadline-error" className="field-error">{errors.deadline}</span> : null}
            </label>
          </div>
          <div className="inline">
            {field("min", t("crowdfund.launch.min"))}
            {field("max", t("crowdfund.launch.max"))}
          </div>
        </fieldset>
        <fieldset disabled={tx.busy}>
          <legend>{t("crowdfund.launch.returns")}</legend>
          <div className="inline">
            {field("share", t("crowdfund.launch.share"), t("crowdfund.launch.shareHint", { own: `${ownerShareBps / 100}%` }))}
            {field("after", t("crowdfund.launch.after"))}
            {field("multiple", t("crowdfund.launch.multiple"))}
          </div>
        </fieldset>
        <fieldset disabled={tx.busy}>
          <legend>{t("crowdfund.launch.tranches")}</legend>
          <p className="meta">{t("crowdfund.launch.tranchesHelp")}</p>
          {tranches.map((tranche, i) => (
            <div className="inline" key={i}>
              <label>
                {t("crowdfund.launch.tranchePercent", { n: i + 1 })}
                <input inputMode="decimal" value={tranche.percent} onChange={(e) => setTranches(tranches.map((x, j) => (j === i ? { ...x, percent: e.target.value } : x)))} />
              </label>
              <label>
                {t("crowdfund.launch.trancheDays", { n: i + 1 })}
                <input inputMode="numeric" value={tranche.days} disabled={i === 0} onChange={(e) => setTranches(tranches.map((x, j) => (j === i ? { ...x, days: e.target.value } : x)))} />
              </label>
            </div>
          ))}
          {errors.tranches ? <span className="field-error" role="alert">{errors.tranches}</span> : null}
          <div className="actions">
            <button type="button" className="secondary" disabled={tranches.length >= 8} onClick={() => setTranches([...tranches, { percent: "", days: String(30 * tranches.length) }])}>
              {t("crowdfund.launch.addTranche")}
            </button>
            <button type="button" className="secondary" disabled={tranches.length === 1} onClick={() => setTranches(tranches.slice(0, -1))}>
              {t("crowdfund.launch.removeTranche")}
            </button>
          </div>
        </fieldset>
        <fieldset disabled={tx.busy}>
          <legend>{t("crowdfund.launch.token")}</legend>
          <div className="inline">
            {field("name", t("crowdfund.launch.name"))}
            {field("symbol", t("crowdfund.launch.symbol"))}
          </div>
        </fieldset>
        {previewable && feeBps !== undefined && terms.investorShareBps > 0 ? (
          <WaterfallPreview terms={terms} pricePerView={price} feeBps={Number(feeBps)} ownerShareBps={ownerShareBps} raise={terms.goal} forFilmmaker />
        ) : (
          <p className="meta" role="status">{t("crowdfund.launch.previewWaiting")}</p>
        )}
        <TxStatus state={tx.state} config={config} confirmed={t("crowdfund.launch.launched")} />
        <button type="submit" className="primary" disabled={tx.busy}>
          {t("crowdfund.launch.submit")}
        </button>
      </form>
    </section>
  );
}
