import { useQuery, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useState } from "react";
import { Link, useLocation, useParams } from "wouter";
import { useAccount, useConfig, useReadContract } from "wagmi";
import { readContract } from "wagmi/actions";

import { payPerViewAbi, streamShareAbi } from "@streamspace/core/generated/contracts";

import { CardRental } from "../card/CardRental.tsx";
import { Trailer } from "../components/Trailer.tsx";
import { TxStatus } from "../components/TxStatus.tsx";
import { type DappConfig, gatewayUrl } from "../config.ts";
import { useFilm } from "../data/catalogue.ts";
import { useChainNow } from "../data/chain-time.ts";
import { formatSshAmount, formatUsdAmount, priceInUsd, useRate } from "../data/prices.ts";
import { GUEST_CONNECTOR_ID } from "../wallets/guest/connector.ts";
import { pageStrings, useTranslation } from "../i18n.ts";
import { describeFailure } from "../transactions/errors.ts";
import { useTransaction } from "../transactions/useTransaction.ts";

// Reviews (their queries, the review transactions, their strings) load with the film page, after it.
const FilmReviews = lazy(async () => ({ default: (await Promise.all([import("../reviews/FilmReviews.tsx"), pageStrings("community")]))[0].FilmReviews }));
const AlsoWatched = lazy(async () => ({ default: (await Promise.all([import("../recommend/Recommended.tsx"), pageStrings("community")]))[0].AlsoWatched }));

/**
 * A film: synopsis, credits, languages, rental window, and Rent: with SSH (one permit signature and one
 * transaction, the permit's value bounding the price), or by card (card/). The fan sees the price, the
 * fee split and the refund rule before anything is signed or paid.
 */
export function FilmPage({ config }: { config: DappConfig }) {
  const { t, i18n } = useTranslation();
  const filmId = BigInt(useParams().filmId ?? "0");
  const { catalogue, film, metadata: m } = useFilm(config, filmId);
  const rate = useRate(config);
  const { address, connector } = useAccount();
  const wagmi = useConfig();
  const chainNow = useChainNow();
  const tx = useTransaction(config);
  const payPerView = { address: config.contracts.PayPerView, abi: payPerViewAbi } as const;
  const token = { address: config.contracts.StreamShare, abi: streamShareAbi } as const;
  const { data: price } = useReadContract({ ...payPerView, functionName: "priceOf", args: [filmId], query: { enabled: Boolean(film) } });
  const { data: feeBps } = useReadContract({ ...payPerView, functionName: "platformFeeBps" });
  const { data: timeout } = useReadContract({ ...payPerView, functionName: "deliveryTimeout" });
  const { data: balance } = useReadContract({ ...token, functionName: "balanceOf", args: address ? [address] : undefined, query: { enabled: Boolean(address) } });
  // Paid by card: the platform buys the rental; the chain is watched every second until it shows it.
  const [paidByCardFor, setPaidByCardFor] = useState<bigint>();
  const paidByCard = paidByCardFor === filmId;
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const rental = useQuery({
    queryKey: ["rental", filmId.toString(), address],
    enabled: Boolean(address),
    queryFn: () => readContract(wagmi, { ...payPerView, functionName: "rentalOf", args: [filmId, address!] }),
    refetchInterval: (query) => (paidByCard && !(query.state.data && query.state.data.expiresAt > chainNow()) ? 1_000 : false),
  });
  const watchable = Boolean(rental.data && rental.data.expiresAt > chainNow());
  // ...and then the player opens (only while the fan is still on this page: it unmounts when they leave).
  useEffect(() => {
    if (paidByCard && watchable) {
      void queryClient.invalidateQueries();
      navigate(`/films/${filmId}/watch`);
    }
  }, [paidByCard, watchable, filmId, navigate, queryClient]);

  if (catalogue.isPending) return <p aria-busy="true">{t("catalogue.loading")}</p>;
  if (!film) {
    return (
      <section>
        <p role="alert">{t("film.notFound")}</p>
        <Link to="/">{t("film.back")}</Link>
      </section>
    );
  }
  const title = m?.title ?? `#${film.filmId}`;
  const usd = priceInUsd(film, rate);
  const watchableUntil = rental.data && rental.data.expiresAt > chainNow() ? new Date(rental.data.expiresAt * 1000) : undefined;
  const refundHours = timeout !== undefined ? Math.round(Number(timeout) / 3600) : undefined;
  const canPayWithSsh = Boolean(address) && price !== undefined && balance !== undefined && balance >= price;

  async function rentWithSsh() {
    if (price === undefined) return;
    await tx.run(async ({ signPermit, write }) => {
      let permit: Awaited<ReturnType<typeof signPermit>> | undefined;
      try {
        // One signature and one transaction: the permit for exactly the price, which also bounds it (maxPrice).
        permit = await signPermit(payPerView.address, price);
      } catch (error) {
        if (describeFailure(error, t).rejected) throw error;
        permit = undefined; // a wallet that cannot sign typed data: an approval, then the purchase
      }
      if (permit) {
        await write({ ...payPerView, functionName: "purchaseWithPermit", args: [filmId, price, permit.deadline, permit.v, permit.r, permit.s] });
      } else {
        await write({ ...token, functionName: "approve", args: [payPerView.address, price] });
        await write({ ...payPerView, functionName: "purchase", args: [filmId, price] });
      }
    });
  }

  return (
    <article className="film" aria-labelledby="film-title">
      <Link to="/">← {t("film.back")}</Link>
      <div className="film-head">
        {m ? <img className="poster large" src={gatewayUrl(config, m.poster)} alt={t("filmCard.poster", { title })} width={640} height={360} /> : null}
        <div>
          <h1 id="film-title">{title}</h1>
          <p className="meta">
            {m?.genres.map((g) => t(`genres.${g}`)).join(" · ")}
            {m?.releaseYear ? ` · ${m.releaseYear}` : ""}
          </p>
          <p className="price">
            <strong>{price !== undefined ? t("filmCard.price", { ssh: formatSshAmount(price, i18n.language) }) : "—"}</strong>
            {usd !== undefined ? <span className="usd"> {t("filmCard.usdValue", { usd: formatUsdAmount(usd, i18n.language) })}</span> : null}
          </p>
          <p>{t("film.hours", { count: Math.round(film.rentalWindow / 3600) })}</p>
          {m?.trailer ? <Trailer config={config} playlist={m.trailer.playlist} title={title} /> : null}
          {watchableUntil ? (
            <>
              <p className="success" role="status">
                {t("film.rented", { until: new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" }).format(watchableUntil) })}
              </p>
              <Link className="button primary" to={`/films/${filmId}/watch`}>
                {t("watch.watchNow")}
              </Link>
            </>
          ) : (
            <>
              {price !== undefined && feeBps !== undefined && refundHours !== undefined ? (
                <p className="terms">
                  {t("film.rentTerms", {
                    ssh: formatSshAmount(price, i18n.language),
                    fee: new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 2 }).format(Number(feeBps) / 10_000),
                    timeout: t("film.duration", { count: refundHours }),
                  })}
                </p>
              ) : null}
              <div className="actions">
                {canPayWithSsh ? (
                  <button type="button" className="primary" disabled={tx.busy} onClick={() => void rentWithSsh()}>
                    {tx.busy ? t("film.renting") : t("film.rent")}
                  </button>
                ) : null}
                {address && connector?.id !== GUEST_CONNECTOR_ID && balance !== undefined && price !== undefined && !canPayWithSsh ? <p className="meta">{t("film.notEnoughSsh")}</p> : null}
                <CardRental config={config} filmId={filmId} refundHours={refundHours} onPaid={() => setPaidByCardFor(filmId)} />
              </div>
              <TxStatus state={tx.state} config={config} confirmed={t("film.confirmed")} />
            </>
          )}
        </div>
      </div>
      {m ? (
        <>
          <h2>{t("film.synopsis")}</h2>
          <p>{m.synopsis}</p>
          <h2>{t("film.details")}</h2>
          <dl>
            <dt>{t("film.languages")}</dt>
            <dd>{m.languages.map((l) => new Intl.DisplayNames([i18n.language], { type: "language" }).of(l) ?? l).join(", ")}</dd>
            <dt>{t("film.runtime")}</dt>
            <dd>{m.runtimeSeconds >= 60 ? t("film.minutes", { count: Math.round(m.runtimeSeconds / 60) }) : t("film.seconds", { count: m.runtimeSeconds })}</dd>
          </dl>
          <h2>{t("film.credits")}</h2>
          <dl>
            {m.credits.directors.length ? (<><dt>{t("film.directors")}</dt><dd>{m.credits.directors.join(", ")}</dd></>) : null}
            {m.credits.writers.length ? (<><dt>{t("film.writers")}</dt><dd>{m.credits.writers.join(", ")}</dd></>) : null}
            {m.credits.producers.length ? (<><dt>{t("film.producers")}</dt><dd>{m.credits.producers.join(", ")}</dd></>) : null}
            {m.credits.cast.length ? (<><dt>{t("film.cast")}</dt><dd>{m.credits.cast.map((c) => (c.character ? `${c.name} (${c.character})` : c.name)).join(", ")}</dd></>) : null}
            {m.credits.crew.length ? (<><dt>{t("film.crew")}</dt><dd>{m.credits.crew.map((c) => `${c.name} (${c.job})`).join(", ")}</dd></>) : null}
          </dl>
        </>
      ) : null}
      <Suspense fallback={null}>
        <FilmReviews config={config} filmId={filmId} />
        <AlsoWatched config={config} filmId={filmId} films={catalogue.data ?? []} />
      </Suspense>
    </article>
  );
}
