import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { parseEther } from "viem";
import { useAccount, useConfig, useReadContract } from "wagmi";

import { streamShareAbi, tokenExchangeAbi } from "@streamspace/core/generated/contracts";
import { bpsOfDown, sshToUsdDown } from "@streamspace/core/money";

import { callApi } from "../api.ts";
import { type Checkout, describeCardFailure, type Quote, requestQuote, startCheckout } from "../card/card.ts";
import { CardPayment } from "../card/CardPayment.tsx";
import { TxStatus } from "../components/TxStatus.tsx";
import type { DappConfig } from "../config.ts";
import { formatCents, formatSshAmount, formatUsdAmount, useRate } from "../data/prices.ts";
import { GuestWalletPanel } from "../wallets/guest/GuestWalletPanel.tsx";
import { useTranslation } from "../i18n.ts";
import { useTransaction } from "../transactions/useTransaction.ts";
import { WalletHistory } from "./WalletHistory.tsx";

const DECIMAL = /^\d+(\.\d{0,18})?$/;

/**
 * The fan's SSH: balance and its USD value, credits bought by card to claim, buying SSH by card, cashing
 * out to a linked bank account, and the history of all of it (from the subgraph). A guest wallet is
 * explained here, with its key to export.
 */
export function WalletPage({ config }: { config: DappConfig }) {
  const { t, i18n } = useTranslation();
  const { address, connector } = useAccount();
  const wagmi = useConfig();
  const rate = useRate(config);
  const claim = useTransaction(config);
  const cashOutTx = useTransaction(config);
  const token = { address: config.contracts.StreamShare, abi: streamShareAbi } as const;
  const exchange = { address: config.contracts.TokenExchange, abi: tokenExchangeAbi } as const;
  const balance = useReadContract({ ...token, functionName: "balanceOf", args: address ? [address] : undefined, query: { enabled: Boolean(address), refetchInterval: 5_000 } });
  const pending = useReadContract({ ...exchange, functionName: "pendingCredits", args: address ? [address] : undefined, query: { enabled: Boolean(address), refetchInterval: 3_000 } });
  const exchangeConfig = useReadContract({ ...exchange, functionName: "config" }).data;
  const payout = useQuery({
    queryKey: ["payout-account", address],
    enabled: Boolean(address),
    queryFn: () => callApi<{ linked: boolean }>(wagmi, config, address!, "/payouts/account"),
    refetchInterval: (query) => (query.state.data?.linked || !new URLSearchParams(location.search).has("onboarding") ? false : 1_000),
  });
  const [usd, setUsd] = useState("5");
  const [quote, setQuote] = useState<{ quote: Quote; checkout: Checkout } | undefined>();
  const [buyStatus, setBuyStatus] = useState<{ text: string; error?: boolean }>({ text: "" });
  const [buying, setBuying] = useState(false);
  const [cashOut, setCashOut] = useState("");
  const [payoutError, setPayoutError] = useState("");
  if (!address) {
    return (
      <section aria-labelledby="wallet-title" className="wallet-page">
        <h1 id="wallet-title">{t("walletPage.title")}</h1>
        <p>{t("walletPage.connect")}</p>
      </section>
    );
  }

  const money = (cents: number) => formatCents(cents, i18n.language);
  const sshBalance = balance.data ?? 0n;
  const cashOutWei = DECIMAL.test(cashOut) ? parseEther(cashOut) : 0n;
  const feeBps = exchangeConfig?.cashOutFeeBps;
  const cashOutFee = feeBps !== undefined ? bpsOfDown(cashOutWei, feeBps) : 0n; // as the exchange takes it
  const cashOutUsd = rate ? sshToUsdDown(cashOutWei - cashOutFee, rate) : 0n;
  // The holder accepts 1% less than shown, should the rate move before the request is mined.
  const minCashOutUsd = cashOutUsd - bpsOfDown(cashOutUsd, 100);
  const cashOutProblem =
    cashOut !== "" && !DECIMAL.test(cashOut) ? t("walletPage.notAnAmount")
    : cashOutWei > sshBalance ? t("walletPage.moreThanBalance")
    : cashOutWei > 0n && rate && minCashOutUsd === 0n ? t("walletPage.tooSmall")
    : undefined;

  async function buy(step: () => Promise<void>) {
    setBuying(true);
    try {
      await step();
    } catch (error) {
      const reason = describeCardFailure(error, t);
      setBuyStatus(reason === undefined ? { text: "" } : { text: t("walletPage.failed", { reason }), error: true });
    } finally {
      setBuying(false);
    }
  }

  async function linkBankAccount() {
    const { onboardingUrl } = await callApi<{ onboardingUrl: string }>(wagmi, config, address!, "/payouts/account", {});
    location.assign(onboardingUrl); // the payment provider's onboarding, which comes back to /wallet
  }

  return (
    <section aria-labelledby="wallet-title" className="wallet-page">
      <h1 id="wallet-title">{t("walletPage.title")}</h1>
      <p className="balance">
        <strong>{formatSshAmount(sshBalance, i18n.language)} SSH</strong>
        {rate ? <span className="usd"> {t("filmCard.usdValue", { usd: formatUsdAmount(sshToUsdDown(sshBalance, rate), i18n.language) })}</span> : null}
      </p>
      {connector?.id === "guest" ? <GuestWalletPanel address={address} /> : null}
      {pending.data ? (
        <div className="panel">
          <p>
            {t("walletPage.pending", { ssh: formatSshAmount(pending.data, i18n.language) })}{" "}
            <button type="button" disabled={claim.busy} onClick={() => void claim.run(async ({ write }) => void (await write({ ...exchange, functionName: "claimCredits" })))}>
              {t("walletPage.claim")}
            </button>
          </p>
        </div>
      ) : null}
      <TxStatus state={claim.state} config={config} confirmed={t("walletPage.claimed")} />

      <h2>{t("walletPage.buy")}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void buy(async () => {
            const offer = await requestQuote(wagmi, config, address, { kind: "topup", usd });
            setQuote({ quote: offer, checkout: await startCheckout(wagmi, config, address, offer.quoteId) });
            setBuyStatus({ text: "" });
          });
        }}
      >
        <label>
          {t("walletPage.amountUsd")}
          <input inputMode="decimal" value={usd} onChange={(e) => (setUsd(e.target.value), setQuote(undefined))} />
        </label>{" "}
        <button type="submit" disabled={buying}>
          {t("walletPage.getQuote")}
        </button>
      </form>
      {quote ? (
        <div className="quote">
          <p>{t("walletPage.quote", { ssh: formatSshAmount(BigInt(quote.quote.sshAmount), i18n.language), fee: money(quote.quote.feeCents), total: money(quote.quote.chargeCents) })}</p>
          <CardPayment
            config={config}
            checkout={quote.checkout}
            total={money(quote.quote.chargeCents)}
            onPaid={() => {
              setQuote(undefined);
              setBuyStatus({ text: t("walletPage.paid") });
            }}
          />
        </div>
      ) : null}
      <p role="status" aria-live="polite" className={buyStatus.error ? "error" : undefined}>
        {buyStatus.text}
      </p>

      <h2>{t("walletPage.cashOut")}</h2>
      {payout.data && !payout.data.linked ? (
        <p className="notice">
          {t("walletPage.noBankAccount")}{" "}
          <button type="button" className="secondary" onClick={() => void linkBankAccount().catch((error: unknown) => setPayoutError(describeCardFailure(error, t) ?? ""))}>
            {t("walletPage.linkBankAccount")}
          </button>
        </p>
      ) : null}
      {payoutError ? (
        <p role="alert" className="error">
          {payoutError}
        </p>
      ) : null}
      {payout.data?.linked ? <p className="meta">{t("walletPage.bankAccountLinked")}</p> : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!rate || cashOutWei === 0n || cashOutProblem) return;
          void cashOutTx.run(async ({ signPermit, write }) => {
            const permit = await signPermit(exchange.address, cashOutWei);
            await write({ ...exchange, functionName: "requestCashOutWithPermit", args: [cashOutWei, minCashOutUsd, permit.deadline, permit.v, permit.r, permit.s] });
          });
        }}
      >
        <label>
          {t("walletPage.amountSsh")}
          <input inputMode="decimal" placeholder="0" value={cashOut} aria-invalid={Boolean(cashOutProblem)} aria-describedby="cash-out-terms" onChange={(e) => setCashOut(e.target.value)} />
        </label>{" "}
        <button type="submit" disabled={cashOutTx.busy || cashOutWei === 0n || Boolean(cashOutProblem)}>
          {t("walletPage.requestCashOut")}
        </button>
        <p className={cashOutProblem ? "error" : "meta"} id="cash-out-terms">
          {cashOutProblem ?? (cashOutWei > 0n && rate ? t("walletPage.cashOutTerms", { usd: formatUsdAmount(cashOutUsd, i18n.language), min: formatUsdAmount(minCashOutUsd, i18n.language), fee: formatSshAmount(cashOutFee, i18n.language) }) : null)}
        </p>
      </form>
      <TxStatus state={cashOutTx.state} config={config} confirmed={t(payout.data?.linked ? "walletPage.cashOutRequested" : "walletPage.cashOutRequestedNoBank", { usd: formatUsdAmount(cashOutUsd, i18n.language) })} />

      <WalletHistory config={config} address={address} />
    </section>
  );
}
