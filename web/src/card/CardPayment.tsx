import type { Stripe, StripeElements, StripePaymentElement } from "@stripe/stripe-js";
import { type FormEvent, useEffect, useRef, useState } from "react";

import type { DappConfig } from "../config.ts";
import { type Language, useTranslation } from "../i18n.ts";
import type { Checkout } from "./card.ts";
import { loadStripeJs } from "./stripe-js.ts";

/**
 * The card form: Stripe's Payment Element for the checkout's PaymentIntent, and Pay, which confirms it
 * with Stripe (no redirect unless the card's bank asks for one). A refusal (incomplete or invalid card,
 * a decline) is shown under the form and leaves it ready to try again.
 */
export function CardPayment({ config, checkout, total, onPaid }: { config: DappConfig; checkout: Checkout; total: string; onPaid: () => void }) {
  const { t, i18n } = useTranslation();
  const mount = useRef<HTMLDivElement>(null);
  const [client, setClient] = useState<{ stripe: Stripe; elements: StripeElements } | undefined>();
  const [ready, setReady] = useState(false);
  const [paying, setPaying] = useState(false);
  const [error, setError] = useState("");

  useEffect(() => {
    let element: StripePaymentElement | undefined;
    let gone = false;
    const locale = i18n.language as Language;
    loadStripeJs(config.stripeJsUrl).then(
      (Stripe) => {
        if (gone) return;
        const stripe = Stripe(checkout.publishableKey, { locale })!;
        const elements = stripe.elements({ clientSecret: checkout.clientSecret, locale, appearance: { theme: "night" } });
        element = elements.create("payment");
        element.on("ready", () => setReady(true));
        element.mount(mount.current!);
        setClient({ stripe, elements });
      },
      () => setError(t("card.unavailable")),
    );
    return () => {
      gone = true;
      element?.destroy();
    };
  }, [config.stripeJsUrl, checkout.clientSecret, checkout.publishableKey, i18n.language, t]);

  async function pay(event: FormEvent) {
    event.preventDefault();
    if (!client) return;
    setPaying(true);
    setError("");
    const { error: refused } = await client.stripe.confirmPayment({ elements: client.elements, redirect: "if_required", confirmParams: { return_url: location.href } });
    setPaying(false);
    if (refused) setError(refused.type === "card_error" ? t("card.declined", { reason: refused.message ?? "" }) : (refused.message ?? t("errors.unknown")));
    else onPaid();
  }

  return (
    <form className="card-payment" aria-label={t("card.checkout")} onSubmit={(e) => void pay(e)}>
      <div ref={mount} className="payment-element" aria-busy={!ready} />
      <button type="submit" className="primary" disabled={!ready || paying}>
        {paying ? t("card.paying") : t("card.pay", { total })}
      </button>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
