import { useEffect, useState } from "react";
import { useAccount, useConfig, useConnect } from "wagmi";

import type { DappConfig } from "../config.ts";
import { formatCents, formatSshAmount } from "../data/prices.ts";
import { GUEST_CONNECTOR_ID } from "../wallets/guest/connector.ts";
import { useTranslation } from "../i18n.ts";
import { type Checkout, describeCardFailure, type Quote, requestQuote, startCheckout } from "./card.ts";
import { CardPayment } from "./CardPayment.tsx";

type State =
  | { step: "idle" }
  | { step: "preparing" }
  | { step: "checkout"; quote: Quote; checkout: Checkout }
  | { step: "buying" }
  | { step: "slow" }
  | { step: "failed"; reason: string };

/** How long after paying the fan waits for the rental before the page says it takes longer. */
const RENTAL_WAIT_MS = 120_000;

/**
 * Renting with a card, for a fan with no SSH or no wallet at all: a fan without a wallet gets a guest
 * wallet in this browser (explained before paying); the quote shows the price, the card fee and the
 * refund rule above the card form; once the card is taken, the platform buys the rental for the wallet
 * and `onPaid` tells the film page, which watches the chain and opens the player as soon as it shows
 * the rental (this form is gone by then). A rental only starts from the fan's press on Pay.
 */
export function CardRental({ config, filmId, refundHours, onPaid }: { config: DappConfig; filmId: bigint; refundHours?: number; onPaid: () => void }) {
  const { t, i18n } = useTranslation();
  const wagmi = useConfig();
  const { address } = useAccount();
  const { connectAsync } = useConnect();
  const [state, setState] = useState<State>({ step: "idle" });
  const [guestCreated, setGuestCreated] = useState(false);
  // Still here long after paying (the film page leaves this form when the rental shows): say so.
  useEffect(() => {
    if (state.step !== "buying") return;
    const timer = setTimeout(() => setState({ step: "slow" }), RENTAL_WAIT_MS);
    return () => clearTimeout(timer);
  }, [state.step]);
  const money = (cents: number) => formatCents(cents, i18n.language);
  const failed = (error: unknown) => {
    const reason = describeCardFailure(error, t);
    setState(reason === undefined ? { step: "idle" } : { step: "failed", reason });
  };

  async function begin() {
    setState({ step: "preparing" });
    try {
      let wallet = address;
      if (!wallet) {
        // No wallet: a guest wallet, created in this browser and connected.
        const { createGuestWallet } = await import("../wallets/guest/vault.ts");
        await createGuestWallet();
        const connector = wagmi.connectors.find((c) => c.id === GUEST_CONNECTOR_ID)!;
        wallet = (await connectAsync({ connector })).accounts[0]!;
        setGuestCreated(true);
      }
      const quote = await requestQuote(wagmi, config, wallet, { kind: "rental", filmId });
      setState({ step: "checkout", quote, checkout: await startCheckout(wagmi, config, wallet, quote.quoteId) });
    } catch (error) {
      failed(error);
    }
  }

  function paid() {
    setState({ step: "buying" });
    onPaid();
  }

  return (
    <div className="card-rental">
      {state.step === "idle" || state.step === "preparing" || state.step === "failed" ? (
        <>
          {!address ? <p className="meta">{t("card.noWalletNeeded")}</p> : null}
          <button type="button" className={address ? "secondary" : "primary"} disabled={state.step === "preparing"} onClick={() => void begin()}>
            {state.step === "preparing" ? t("card.preparing") : t("card.rentWithCard")}
          </button>
        </>
      ) : null}
      {state.step === "checkout" ? (
        <section className="quote" aria-label={t("card.checkout")}>
          {guestCreated ? (
            <p className="notice" role="note">
              {t("card.guestCreated")}
            </p>
          ) : null}
          <dl className="receipt">
            <dt>{t("card.rental")}</dt>
            <dd>
              {money(state.quote.chargeCents - state.quote.feeCents)} ({formatSshAmount(BigInt(state.quote.sshAmount), i18n.language)} SSH)
            </dd>
            <dt>{t("card.fee")}</dt>
            <dd>{money(state.quote.feeCents)}</dd>
            <dt>{t("card.total")}</dt>
            <dd>
              <strong>{money(state.quote.chargeCents)}</strong>
            </dd>
          </dl>
          <p className="meta">{t("card.refundRule", { hours: refundHours ?? 24 })}</p>
          <CardPayment config={config} checkout={state.checkout} total={money(state.quote.chargeCents)} onPaid={paid} />
          <button type="button" className="secondary" onClick={() => setState({ step: "idle" })}>
            {t("card.cancel")}
          </button>
        </section>
      ) : null}
      <p role="status" aria-live="polite">
        {state.step === "buying" ? t("card.buying") : null}
        {state.step === "slow" ? t("card.slow") : null}
        {state.step === "failed" ? <span className="error">{state.reason}</span> : null}
      </p>
    </div>
  );
}
