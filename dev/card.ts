/**
 * Paying by card as the dapp does: a quote from the functions, the quote's PaymentIntent, and the card
 * confirmed with the PaymentIntent's client secret and the publishable key, the call Stripe.js makes
 * (here to the development payment provider, which then sends the webhooks). Tests, the bench and the
 * demo use it.
 */
export type CardQuoteRequest = { kind: "rental"; filmId: bigint } | { kind: "topup"; usd: string };

export interface CardQuote {
  quoteId: string;
  kind: "rental" | "topup";
  wallet: string;
  filmId?: string;
  rate: string;
  usdAmount: string;
  feeCents: number;
  chargeCents: number;
  sshAmount: string;
  expiresAt: number;
}

export interface CardCheckout {
  paymentIntentId: string;
  clientSecret: string;
  publishableKey: string;
  amountCents: number;
  stripeApiUrl: string;
}

async function call<T>(api: string, path: string, session: string, body: unknown): Promise<T> {
  const res = await fetch(`${api}${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${session}` }, body: JSON.stringify(body) });
  const json = (await res.json()) as T & { error?: string; message?: string };
  if (!res.ok) throw Object.assign(new Error(`${path}: ${res.status} ${json.error}: ${json.message}`), { status: res.status, code: json.error });
  return json;
}

export function requestQuote(api: string, session: string, request: CardQuoteRequest): Promise<CardQuote> {
  return call(api, "/quotes", session, request.kind === "rental" ? { kind: "rental", filmId: request.filmId.toString() } : request);
}

export function checkout(api: string, session: string, quoteId: string): Promise<CardCheckout> {
  return call(api, `/quotes/${quoteId}/payment`, session, {});
}

/** Confirms the payment as Stripe.js does (publishable key + client secret); Stripe's answer. */
export async function confirmCard(checkout: CardCheckout, paymentMethod = "pm_card_visa"): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(new URL(`/v1/payment_intents/${checkout.paymentIntentId}/confirm`, checkout.stripeApiUrl), {
    method: "POST",
    headers: { authorization: `Bearer ${checkout.publishableKey}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_secret: checkout.clientSecret, payment_method: paymentMethod }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Quote, checkout and a confirmed card: what a fan does in the dapp. */
export async function payByCard({ api, session, request, paymentMethod }: { api: string; session: string; request: CardQuoteRequest; paymentMethod?: string }) {
  const quote = await requestQuote(api, session, request);
  const payment = await checkout(api, session, quote.quoteId);
  const confirmed = await confirmCard(payment, paymentMethod);
  if (confirmed.status !== 200 && paymentMethod === undefined) throw new Error(`the card was refused: ${JSON.stringify(confirmed.body)}`);
  return { quote, payment, confirmed };
}

/**
 * Links a holder's payout account as the dapp does: Stripe Connect onboarding started by the functions,
 * the onboarding link opened (the development provider completes it), Stripe's `account.updated` webhook
 * linking it; resolves once the functions say it is linked.
 */
export async function linkPayoutAccount(api: string, session: string, timeoutMs = 30_000): Promise<string> {
  const started = await fetch(`${api}/payouts/account`, { method: "POST", headers: { authorization: `Bearer ${session}` } });
  if (started.status !== 201) throw new Error(`payout onboarding: ${started.status} ${await started.text()}`);
  const { account, onboardingUrl } = (await started.json()) as { account: string; onboardingUrl: string };
  await fetch(onboardingUrl, { redirect: "manual" });
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const linked = (await (await fetch(`${api}/payouts/account`, { headers: { authorization: `Bearer ${session}` } })).json()) as { linked: boolean };
    if (linked.linked) return account;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`payout onboarding: ${account} was not linked within ${timeoutMs} ms`);
}
