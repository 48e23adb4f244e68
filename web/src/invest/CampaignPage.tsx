import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { type Address, getAddress, isAddress, zeroAddress } from "viem";
import { useAccount, useReadContracts } from "wagmi";
import { Link, useParams } from "wouter";

import { crowdfundVaultAbi, payPerViewAbi, streamShareAbi } from "@streamspace/core/generated/contracts";
import { querySubgraph } from "@streamspace/core/subgraph";
import { CAMPAIGN } from "@streamspace/core/subgraph-invest";

import { TxStatus } from "../components/TxStatus.tsx";
import type { DappConfig } from "../config.ts";
import { useCatalogueMetadata } from "../data/catalogue.ts";
import { useChainNow } from "../data/chain-time.ts";
import { formatSshAmount, parseAmount, priceInSsh, useRate } from "../data/prices.ts";
import { useTranslation } from "../i18n.ts";
import { useTransaction } from "../transactions/useTransaction.ts";
import { WaterfallPreview } from "../crowdfund/Waterfall.tsx";
import { timeLeft } from "./words.ts";

const STATES = ["Funding", "Succeeded", "Failed", "Stopped"] as const;

/**
 * A campaign's page, to share: the film, progress to the goal and the cap, time left, the terms in plain
 * words and the waterfall's preview; for an investor: contribute with one permit (amounts checked
 * against the minimum, the investor's maximum, the cap and the balance before anything is signed), a
 * refund after a failure, the position (shares, contributed, royalties claimable, payback progress),
 * claim, transfer shares, and the vote to stop the tranches not yet released.
 */
export function CampaignPage({ config }: { config: DappConfig }) {
  const { t, i18n } = useTranslation();
  const { address } = useAccount();
  const vault = useParams<{ vault: string }>().vault.toLowerCase() as Address;
  const chainNow = useChainNow();
  const rate = useRate(config);
  const tx = useTransaction(config);
  const [amount, setAmount] = useState("");
  const [amountError, setAmountError] = useState<string>();
  const [transfer, setTransfer] = useState({ to: "", amount: "" });
  const [transferError, setTransferError] = useState<string>();
  const data = useQuery({
    queryKey: ["campaign", vault, address],
    queryFn: () => querySubgraph(config.subgraphUrl, CAMPAIGN, { id: vault, position: `${vault}${(address ?? zeroAddress).slice(2).toLowerCase()}` }),
    refetchInterval: 10_000,
  });
  const c = data.data?.campaign;
  const v = { address: vault, abi: crowdfundVaultAbi } as const;
  const me = address ?? zeroAddress;
  const reads = useReadContracts({
    contracts: [
      { ...v, functionName: "state" },
      { ...v, functionName: "raised" },
      { ...v, functionName: "balanceOf", args: [me] },
      { ...v, functionName: "contributionOf", args: [me] },
      { ...v, functionName: "claimableRoyalties", args: [me] },
      { ...v, functionName: "payback" },
      { ...v, functionName: "stopVotes", args: [me] },
      { ...v, functionName: "totalSupply" },
      { address: config.contracts.StreamShare, abi: streamShareAbi, functionName: "balanceOf", args: [me] },
      { address: config.contracts.PayPerView, abi: payPerViewAbi, functionName: "platformFeeBps" },
      { ...v, functionName: "filmmakerRoyalties" },
    ],
    query: { refetchInterval: 10_000 },
  });
  const r = reads.data?.map((x) => x.result);
  const metadata = useCatalogueMetadata(config, c ? [{ filmId: BigInt(c.film.filmId), metadataURI: c.film.metadataURI, price: 0n, priceInUsd: false, rentalWindow: 0, views: 0, createdAt: 0 }] : []);

  if (data.isPending) return <p aria-busy="true">{t("catalogue.loading")}</p>;
  if (!c) return <p role="alert">{t("crowdfund.notFound")}</p>;
  const title = metadata.get(c.film.metadataURI)?.title ?? `#${c.film.filmId}`;
  const state = r?.[0] !== undefined ? STATES[r[0] as number]! : c.state;
  const raised = (r?.[1] as bigint | undefined) ?? BigInt(c.raised);
  const shares = (r?.[2] as bigint | undefined) ?? 0n;
  const contributed = (r?.[3] as bigint | undefined) ?? 0n;
  const claimable = (r?.[4] as bigint | undefined) ?? 0n;
  const [paidBack, target] = (r?.[5] as readonly [bigint, bigint] | undefined) ?? [0n, 0n];
  const [totalVotes, myVote] = (r?.[6] as readonly [bigint, bigint] | undefined) ?? [0n, 0n];
  const supply = (r?.[7] as bigint | undefined) ?? 0n;
  const balance = (r?.[8] as bigint | undefined) ?? 0n;
  const feeBps = Number((r?.[9] as bigint | undefined) ?? 0n);
  const filmmakerOwed = (r?.[10] as bigint | undefined) ?? 0n;
  const isFilmmaker = Boolean(address) && address!.toLowerCase() === c.filmmaker.id.toLowerCase();
  const goal = BigInt(c.goal);
  const cap = BigInt(c.cap);
  const min = BigInt(c.minContribution);
  const max = BigInt(c.maxPerInvestor);
  const deadline = Number(c.deadline);
  const ssh = (wei: bigint) => `${formatSshAmount(wei, i18n.language)} SSH`;
  const pct = (bps: number) => new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 2 }).format(bps / 10_000);
  const date = (s: number) => new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" }).format(new Date(s * 1000));
  const funding = state === "Funding" && chainNow() < deadline;
  const lockedTranches = c.tranchesBps.length - c.tranchesReleased;

  async function contribute() {
    const wei = parseAmount(amount, 18) ?? 0n;
    const remaining = cap - raised;
    let problem: string | undefined;
    if (wei <= 0n) problem = t("crowdfund.contribute.notAmount");
    else if (wei > remaining) problem = t("crowdfund.contribute.aboveCap", { remaining: ssh(remaining) });
    else if (wei < min && wei !== remaining) problem = t("crowdfund.contribute.belowMin", { min: ssh(min) });
    else if (contributed + wei > max) problem = t("crowdfund.contribute.aboveMax", { max: ssh(max), left: ssh(max - contributed) });
    else if (wei > balance) problem = t("crowdfund.contribute.balance", { balance: ssh(balance) });
    setAmountError(problem);
    if (problem) return;
    const done = await tx.run(async ({ signPermit, write }) => {
      const permit = await signPermit(vault, wei);
      await write({ ...v, functionName: "contributeWithPermit", args: [wei, permit.deadline, permit.v, permit.r, permit.s] });
    });
    if (done) setAmount("");
  }

  function sendShares() {
    const to = transfer.to.trim();
    const wei = parseAmount(transfer.amount, 18) ?? 0n;
    let problem: string | undefined;
    if (!isAddress(to, { strict: false })) problem = t("crowdfund.transfer.badAddress");
    else if (!isAddress(to, { strict: true })) problem = t("crowdfund.transfer.badChecksum");
    else if (getAddress(to) === zeroAddress) problem = t("crowdfund.transfer.badAddress");
    else if (wei <= 0n || wei > shares) problem = t("crowdfund.transfer.badAmount", { shares: formatSshAmount(shares, i18n.language) });
    setTransferError(problem);
    if (problem) return;
    void tx.run(async ({ write }) => void (await write({ ...v, functionName: "transfer", args: [getAddress(to), wei] })));
  }

  const price = priceInSsh({ price: BigInt(c.film.price), priceInUsd: c.film.priceInUsd }, rate);
  return (
    <article aria-labelledby="campaign-title" className="campaign publish">
      <p>
        <Link to="/campaigns">← {t("crowdfund.list.title")}</Link>
      </p>
      <h1 id="campaign-title">{t("crowdfund.page.title", { title })}</h1>
      <p>
        <Link to={`/films/${c.film.filmId}`}>{t("crowdfund.page.film")}</Link> · <span className="meta">{c.name} ({c.symbol})</span>
      </p>
      <p className="meta">
        {t(`crowdfund.states.${state}`)} · {funding ? timeLeft(deadline - chainNow(), t) : t("crowdfund.closedOn", { date: date(deadline) })}
      </p>
      <progress max={Number(cap / 10n ** 15n)} value={Number(raised / 10n ** 15n)} aria-label={t("crowdfund.progressOf", { title })} />
      <p data-testid="raised">{t("crowdfund.page.raised", { raised: ssh(raised), goal: ssh(goal), cap: ssh(cap), investors: c.investorCount })}</p>

      <h2>{t("crowdfund.page.terms")}</h2>
      <ul className="terms-list">
        <li>{t("crowdfund.page.termShare", { share: pct(c.investorShareBps), multiple: new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 }).format(c.paybackMultipleBps / 10_000), after: pct(c.investorShareAfterPaybackBps) })}</li>
        <li>
          {t("crowdfund.page.termTranches", {
            parts: c.tranchesBps
              .map((b, i) => (Number(c.trancheDelays[i]) === 0 ? t("crowdfund.page.atSuccess", { share: pct(b) }) : t("crowdfund.page.afterDays", { share: pct(b), days: Math.round(Number(c.trancheDelays[i]) / 86_400) })))
              .join(", "),
            fee: pct(c.platformFeeBps),
          })}
        </li>
        <li>{t("crowdfund.page.termLimits", { min: ssh(min), max: ssh(max) })}</li>
        <li>{t("crowdfund.page.termGoal", { goal: ssh(goal), date: date(deadline) })}</li>
        {c.tranchesBps.length > 1 ? <li>{t("crowdfund.page.termVote")}</li> : null}
      </ul>
      <WaterfallPreview terms={c} pricePerView={price} feeBps={feeBps} ownerShareBps={c.investorShareBps} raise={raised > 0n ? raised : goal} />

      <TxStatus state={tx.state} config={config} confirmed={t("crowdfund.done")} />
      {funding ? (
        <fieldset disabled={tx.busy || !address}>
          <legend>{t("crowdfund.contribute.title")}</legend>
          {!address ? <p>{t("crowdfund.connect")}</p> : null}
          <label>
            {t("crowdfund.contribute.amount")}
            <input inputMode="decimal" value={amount} aria-invalid={Boolean(amountError)} onChange={(e) => setAmount(e.target.value)} />
          </label>
          {amountError ? <p className="field-error" role="alert">{amountError}</p> : null}
          <p className="meta">{t("crowdfund.contribute.help", { balance: ssh(balance) })}</p>
          <button type="button" className="primary" onClick={() => void contribute()}>
            {t("crowdfund.contribute.button")}
          </button>
        </fieldset>
      ) : null}

      {isFilmmaker && (state === "Succeeded" || state === "Stopped") ? (
        <fieldset disabled={tx.busy}>
          <legend>{t("crowdfund.filmmaker.title")}</legend>
          <p>{t("crowdfund.filmmaker.tranches", { released: c.tranchesReleased, total: c.tranchesBps.length })}</p>
          {state === "Succeeded" && lockedTranches > 0 ? (
            <button type="button" className="primary" onClick={() => void tx.run(async ({ write }) => void (await write({ ...v, functionName: "withdraw" })))}>
              {t("crowdfund.filmmaker.withdraw")}
            </button>
          ) : null}
          {filmmakerOwed > 0n ? (
            <button type="button" className="secondary" onClick={() => void tx.run(async ({ write }) => void (await write({ ...v, functionName: "claimFilmmakerRoyalties" })))}>
              {t("crowdfund.filmmaker.claim", { amount: ssh(filmmakerOwed) })}
            </button>
          ) : null}
        </fieldset>
      ) : null}

      {address && (shares > 0n || contributed > 0n) ? (
        <section aria-labelledby="position-title">
          <h2 id="position-title">{t("crowdfund.position.title")}</h2>
          <dl className="totals">
            <dt>{t("crowdfund.position.shares")}</dt>
            <dd data-testid="shares">{formatSshAmount(shares, i18n.language)}</dd>
            <dt>{t("crowdfund.position.contributed")}</dt>
            <dd>{ssh(contributed)}</dd>
            <dt>{t("crowdfund.position.claimable")}</dt>
            <dd>{ssh(claimable)}</dd>
            {target > 0n ? (
              <>
                <dt>{t("crowdfund.position.payback")}</dt>
                <dd>{t("crowdfund.position.paybackOf", { paid: ssh(paidBack), target: ssh(target) })}</dd>
              </>
            ) : null}
          </dl>
          {state === "Failed" && shares > 0n ? (
            <button type="button" className="primary" disabled={tx.busy} onClick={() => void tx.run(async ({ write }) => void (await write({ ...v, functionName: "refund" })))}>
              {t("crowdfund.position.refund", { amount: ssh(shares) })}
            </button>
          ) : null}
          {claimable > 0n ? (
            <button type="button" className="primary" disabled={tx.busy} onClick={() => void tx.run(async ({ write }) => void (await write({ ...v, functionName: "claimRoyalties", args: [address] })))}>
              {t("crowdfund.position.claim")}
            </button>
          ) : null}
          {state === "Succeeded" && lockedTranches > 0 && shares > 0n ? (
            <div>
              <p>{t("crowdfund.position.votes", { votes: formatSshAmount(totalVotes, i18n.language), supply: formatSshAmount(supply, i18n.language) })}</p>
              {myVote > 0n ? (
                <button type="button" className="secondary" disabled={tx.busy} onClick={() => void tx.run(async ({ write }) => void (await write({ ...v, functionName: "withdrawStopVote" })))}>
                  {t("crowdfund.position.unvote")}
                </button>
              ) : (
                <button type="button" className="secondary" disabled={tx.busy} onClick={() => void tx.run(async ({ write }) => void (await write({ ...v, functionName: "voteToStop" })))}>
                  {t("crowdfund.position.vote")}
                </button>
              )}
            </div>
          ) : null}
          {shares > 0n && state !== "Failed" ? (
            <fieldset disabled={tx.busy}>
              <legend>{t("crowdfund.transfer.title")}</legend>
              <div className="inline">
                <label>
                  {t("crowdfund.transfer.to")}
                  <input value={transfer.to} spellCheck={false} placeholder="0x…" onChange={(e) => setTransfer({ ...transfer, to: e.target.value })} />
                </label>
                <label>
                  {t("crowdfund.transfer.amount")}
                  <input inputMode="decimal" value={transfer.amount} onChange={(e) => setTransfer({ ...transfer, amount: e.target.value })} />
                </label>
              </div>
              {transferError ? <p className="field-error" role="alert">{transferError}</p> : null}
              <button type="button" className="secondary" onClick={sendShares}>
                {t("crowdfund.transfer.button")}
              </button>
            </fieldset>
          ) : null}
        </section>
      ) : null}
    </article>
  );
}
