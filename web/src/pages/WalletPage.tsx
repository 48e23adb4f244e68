import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { BaseError, parseEther, UserRejectedRequestError } from "viem";
import { useAccount, useConfig, useReadContract } from "wagmi";
import { getBlock, readContract, signTypedData, waitForTransactionReceipt, writeContract } from "wagmi/actions";

import { streamShareAbi, tokenExchangeAbi } from "@streamspace/core/generated/contracts";
import { sshToUsdDown } from "@streamspace/core/money";
import { permitTypedData, splitPermitSignature } from "@streamspace/core/permit";

import { sessionFor } from "../auth/session.ts";
import type { DappConfig } from "../config.ts";
import { formatSshAmount, formatUsdAmount, useRate } from "../data/prices.ts";

interface Quote { quoteId: string; sshAmount: string; feeCents: number; chargeCents: number }
interface Checkout { paymentIntentId: string; clientSecret: string; publishableKey: string; stripeApiUrl?: string }

/** The fan's SSH: balance and its USD value, credits bought by card to claim, buying SSH by card, cashing out. */
export function WalletPage({ config }: { config: DappConfig }) {
  const { t, i18n } = useTranslation();
  const { address } = useAccount();
  const wagmi = useConfig();
  const queryClient = useQueryClient();
  const rate = useRate(config);
  const token = { address: config.contracts.StreamShare, abi: streamShareAbi } as const;
  const exchange = { address: config.contracts.TokenExchange, abi: tokenExchangeAbi } as const;
  const balance = useReadContract({ ...token, functionName: "balanceOf", args: address ? [address] : undefined, query: { enabled: Boolean(address), refetchInterval: 5_000 } });
  const pending = useReadContract({ ...exchange, functionName: "pendingCredits", args: address ? [address] : undefined, query: { enabled: Boolean(address), refetchInterval: 3_000 } });
  const feeBps = useReadContract({ ...exchange, functionName: "config" }).data?.cashOutFeeBps;
  const [usd, setUsd] = useState("5");
  const [quote, setQuote] = useState<Quote | undefined>();
  const [cashOut, setCashOut] = useState("10");
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  if (!address) return <p>{t("walletPage.connect")}</p>;

  const money = (cents: number) => formatUsdAmount(BigInt(cents) * 1_000_000n, i18n.language);
  const refresh = () => queryClient.invalidateQueries();
  async function step(run: () => Promise<void>) {
    setBusy(true);
    try {
      await run();
    } catch (error) {
      setStatus(error instanceof BaseError && error.walk((e) => e instanceof UserRejectedRequestError) ? t("film.rejected") : t("walletPage.failed", { reason: (error as Error).message.split("\n")[0] }));
    } finally {
      setBusy(false);
    }
  }
  const api = async <T,>(path: string, body: unknown): Promise<T> => {
    const session = await sessionFor(wagmi, config, address);
    const res = await fetch(`${config.apiUrl}${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${session}` }, body: JSON.stringify(body) });
    const json = (await res.json()) as T & { message?: string };
    if (!res.ok) throw new Error(json.message ?? String(res.status));
    return json;
  };

  const sshBalance = balance.data ?? 0n;
  const cashOutWei = /^\d+(\.\d{0,18})?$/.test(cashOut) ? parseEther(cashOut) : 0n;
  const cashOutFee = feeBps !== undefined ? (cashOutWei * BigInt(feeBps)) / 10_000n : 0n;
  const cashOutUsd = rate ? sshToUsdDown(cashOutWei - cashOutFee, rate) : 0n;
  return (
    <section aria-labelledby="wallet-title" className="wallet-page">
      <h1 id="wallet-title">{t("walletPage.title")}</h1>
      <p className="balance">
        <strong>{formatSshAmount(sshBalance, i18n.language)} SSH</strong>
        {rate ? <span className="usd"> {t("film.usdValue", { usd: formatUsdAmount(sshToUsdDown(sshBalance, rate), i18n.language) })}</span> : null}
      </p>
      {pending.data ? (
        <p>
          {t("walletPage.pending", { ssh: formatSshAmount(pending.data, i18n.language) })}{" "}
          <button type="button" disabled={busy} onClick={() => void step(async () => {
            setStatus(t("film.signing"));
            const hash = await writeContract(wagmi, { ...exchange, functionName: "claimCredits" });
            setStatus(t("film.pending"));
            await waitForTransactionReceipt(wagmi, { hash });
            setStatus(t("walletPage.claimed"));
            await refresh();
          })}>
            {t("walletPage.claim")}
          </button>
        </p>
      ) : null}

      <h2>{t("walletPage.buy")}</h2>
      <form onSubmit={(e) => (e.preventDefault(), void step(async () => {
        setQuote(await api<Quote>("/quotes", { kind: "topup", usd }));
        setStatus("");
      }))}>
        <label>
          {t("walletPage.amountUsd")}
          <input inputMode="decimal" value={usd} onChange={(e) => (setUsd(e.target.value), setQuote(undefined))} />
        </label>{" "}
        <button type="submit" disabled={busy}>{t("walletPage.getQuote")}</button>
      </form>
      {quote ? (
        <div className="quote">
          <p>{t("walletPage.quote", { ssh: formatSshAmount(BigInt(quote.sshAmount), i18n.language), fee: money(quote.feeCents), total: money(quote.chargeCents) })}</p>
          <button type="button" className="primary" disabled={busy} onClick={() => void step(async () => {
            const payment = await api<Checkout>(`/quotes/${quote.quoteId}/payment`, {});
            if (!payment.stripeApiUrl) throw new Error(t("walletPage.cardUnavailable"));
            // The development payment provider: the card is confirmed as Stripe.js confirms it, with a test card.
            const res = await fetch(new URL(`/v1/payment_intents/${payment.paymentIntentId}/confirm`, payment.stripeApiUrl), {
              method: "POST",
              headers: { "content-type": "application/x-www-form-urlencoded" },
              body: new URLSearchParams({ key: payment.publishableKey, client_secret: payment.clientSecret, payment_method: "pm_card_visa" }),
            });
            if (!res.ok) throw new Error(((await res.json()) as { error: { message: string } }).error.message);
            setQuote(undefined);
            setStatus(t("walletPage.paid"));
          })}>
            {t("walletPage.payTestCard", { total: money(quote.chargeCents) })}
          </button>
        </div>
      ) : null}

      <h2>{t("walletPage.cashOut")}</h2>
      <form onSubmit={(e) => (e.preventDefault(), void step(async () => {
        if (!rate || cashOutWei === 0n) return;
        const [name, nonce] = await Promise.all([readContract(wagmi, { ...token, functionName: "name" }), readContract(wagmi, { ...token, functionName: "nonces", args: [address] })]);
        const deadline = (await getBlock(wagmi)).timestamp + 1_800n; // the chain's clock checks it
        setStatus(t("film.signing"));
        const signature = await signTypedData(wagmi, permitTypedData({ owner: address, token: { address: token.address, name, nonce }, chainId: config.chainId, spender: exchange.address, value: cashOutWei, deadline }));
        const { v, r, s } = splitPermitSignature(signature);
        // The holder accepts 1% less than shown, should the rate move before the request is mined.
        const minUsd = (cashOutUsd * 99n) / 100n;
        const hash = await writeContract(wagmi, { ...exchange, functionName: "requestCashOutWithPermit", args: [cashOutWei, minUsd, deadline, v, r, s] });
        setStatus(t("film.pending"));
        await waitForTransactionReceipt(wagmi, { hash });
        setStatus(t("walletPage.cashOutRequested", { usd: formatUsdAmount(cashOutUsd, i18n.language) }));
        await refresh();
      }))}>
        <label>
          {t("walletPage.amountSsh")}
          <input inputMode="decimal" value={cashOut} onChange={(e) => setCashOut(e.target.value)} />
        </label>{" "}
        <button type="submit" disabled={busy || cashOutWei === 0n || cashOutWei > sshBalance}>{t("walletPage.requestCashOut")}</button>
        {cashOutWei > 0n && rate ? (
          <p className="meta">{t("walletPage.cashOutTerms", { usd: formatUsdAmount(cashOutUsd, i18n.language), fee: formatSshAmount(cashOutFee, i18n.language) })}</p>
        ) : null}
      </form>
      <p role="status" aria-live="polite">{status}</p>
    </section>
  );
}
