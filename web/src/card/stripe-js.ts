/**
 * Stripe.js, loaded from the deployment's `stripeJsUrl` (https://js.stripe.com/v3/ in production; the
 * development provider's stand-in locally) when a fan first reaches a card form: card details go from
 * Stripe's Payment Element to Stripe, never through the platform.
 */
import type { StripeConstructor } from "@stripe/stripe-js";

import { CardUnavailable } from "./card.ts";

let loading: Promise<StripeConstructor> | undefined;

export function loadStripeJs(url: string | undefined): Promise<StripeConstructor> {
  if (!url) return Promise.reject(new CardUnavailable());
  const present = (window as { Stripe?: StripeConstructor }).Stripe;
  if (present) return Promise.resolve(present);
  loading ??= new Promise<StripeConstructor>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.async = true;
    script.onload = () => {
      const Stripe = (window as { Stripe?: StripeConstructor }).Stripe;
      if (Stripe) resolve(Stripe);
      else reject(new CardUnavailable());
    };
    script.onerror = () => {
      loading = undefined; // the next attempt loads it again
      script.remove();
      reject(new CardUnavailable());
    };
    document.head.append(script);
  });
  return loading;
}
