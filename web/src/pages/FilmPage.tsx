import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { BaseError, ContractFunctionRevertedError, UserRejectedRequestError } from "viem";
import { useAccount, useConfig, useReadContract } from "wagmi";
import { getBlock, readContract, signTypedData, waitForTransactionReceipt, writeContract } from "wagmi/actions";

import { payPerViewAbi, streamShareAbi } from "@streamspace/core/generated/contracts";
import { permitTypedData, splitPermitSignature } from "@streamspace/core/permit";

import { type DappConfig, gatewayUrl } from "../config.ts";
import { useCatalogue } from "../data/catalogue.ts";
import { formatSshAmount, formatUsdAmount, priceInUsd, useRate } from "../data/prices.ts";

type RentState = { step: "idle" } | { step: "signing" } | { step: "pending"; hash: string } | { step: "done" } | { step: "rejected" } | { step: "failed"; reason: string };

/** Why a rental failed, in the fan's words: the contract's custom error, decoded. */
function reasonOf(error: unknown, t: (key: string) => string): RentState {
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof UserRejectedRequestError)) return { step: "rejected" };
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    const name = reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : undefined;
    const known = name ? t(`errors.${name}`) : undefined;
    return { step: "failed", reason: known && known !== `errors.${name}` ? known : t("errors.unknown") };
  }
  return { step: "failed", reason: t("errors.unknown") };
}

export function FilmPage({ config }: { config: DappConfig }) {
  const { t, i18n } = useTranslation();
  const filmId = BigInt(useParams().filmId ?? "0");
  const catalogue = useCatalogue(config);
  const rate = useRate(config);
  const film = catalogue.data?.find((f) => f.filmId === filmId);
  const { address, isConnected } = useAccount();
  const wagmi = useConfig();
  const queryClient = useQueryClient();
  const [rent, setRent] = useState<RentState>({ step: "idle" });
  const payPerView = { address: config.contracts.PayPerView, abi: payPerViewAbi } as const;
  const { data: price } = useReadContract({ ...payPerView, functionName: "priceOf", args: [filmId], query: { enabled: Boolean(film) } });
  const { data: feeBps } = useReadContract({ ...payPerView, functionName: "platformFeeBps" });
  const { data: timeout } = useReadContract({ ...payPerView, functionName: "deliveryTimeout" });
  const rental = useQuery({
    queryKey: ["rental", filmId.toString(), address],
    enabled: Boolean(address),
    queryFn: () => readContract(wagmi, { ...payPerView, functionName: "rentalOf", args: [filmId, address!] }),
  });

  if (catalogue.isPending) return <p aria-busy="true">{t("catalogue.loading")}</p>;
  if (!film) {
    return (
      <section>
        <p role="alert">{t("film.notFound")}</p>
        <Link to="/">{t("film.back")}</Link>
      </section>
    );
  }
  const m = film.metadata;
  const title = m?.title ?? `#${film.filmId}`;
  const usd = priceInUsd(film, rate);
  const now = Date.now() / 1000;
  const watchableUntil = rental.data && rental.data.expiresAt > now ? new Date(rental.data.expiresAt * 1000) : undefined;

  async function rentFilm() {
    if (!address || price === undefined) return;
    setRent({ step: "signing" });
    try {
      const token = { address: config.contracts.StreamShare, abi: streamShareAbi } as const;
      const [name, nonce] = await Promise.all([readContract(wagmi, { ...token, functionName: "name" }), readContract(wagmi, { ...token, functionName: "nonces", args: [address] })]);
      // The chain's clock, not the browser's: a permit's deadline is checked against the block's time.
      const deadline = (await getBlock(wagmi)).timestamp + 30n * 60n;
      let signature: `0x${string}` | undefined;
      try {
        // One signature and one transaction: the permit for exactly the price, which also bounds it (maxPrice).
        signature = await signTypedData(wagmi, permitTypedData({ owner: address, token: { address: token.address, name, nonce }, chainId: config.chainId, spender: payPerView.address, value: price, deadline }));
      } catch (error) {
        if (error instanceof BaseError && error.walk((e) => e instanceof UserRejectedRequestError)) throw error;
        signature = undefined; // a wallet that cannot sign permits: an approval, then the purchase
      }
      let hash: `0x${string}`;
      if (signature) {
        const { v, r, s } = splitPermitSignature(signature);
        hash = await writeContract(wagmi, { ...payPerView, functionName: "purchaseWithPermit", args: [filmId, price, deadline, v, r, s] });
      } else {
        const approval = await writeContract(wagmi, { ...token, functionName: "approve", args: [payPerView.address, price] });
        await waitForTransactionReceipt(wagmi, { hash: approval });
        hash = await writeContract(wagmi, { ...payPerView, functionName: "purchase", args: [filmId, price] });
      }
      setRent({ step: "pending", hash });
      const receipt = await waitForTransactionReceipt(wagmi, { hash });
      if (receipt.status !== "success") throw new Error("reverted");
      setRent({ step: "done" });
      await queryClient.invalidateQueries({ queryKey: ["rental"] });
      await queryClient.invalidateQueries({ queryKey: ["catalogue"] });
    } catch (error) {
      setRent(reasonOf(error, t));
    }
  }

  const busy = rent.step === "signing" || rent.step === "pending";
  return (
    <article className="film" aria-labelledby="film-title">
      <Link to="/">← {t("film.back")}</Link>
      <div className="film-head">
        {m ? <img className="poster large" src={gatewayUrl(config, m.poster)} alt={t("film.poster", { title })} width={640} height={360} /> : null}
        <div>
          <h1 id="film-title">{title}</h1>
          <p className="meta">
            {m?.genres.map((g) => t(`genres.${g}`)).join(" · ")}
            {m?.releaseYear ? ` · ${m.releaseYear}` : ""}
          </p>
          <p className="price">
            <strong>{price !== undefined ? t("film.price", { ssh: formatSshAmount(price, i18n.language) }) : "—"}</strong>
            {usd !== undefined ? <span className="usd"> {t("film.usdValue", { usd: formatUsdAmount(usd, i18n.language) })}</span> : null}
          </p>
          <p>{t("film.hours", { count: Math.round(film.rentalWindow / 3600) })}</p>
          {watchableUntil ? (
            <>
              <p className="success" role="status">
                {t("film.rented", { until: new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" }).format(watchableUntil) })}
              </p>
              <Link className="button primary" to={`/films/${filmId}/watch`}>
                {t("watch.watch")}
              </Link>
            </>
          ) : isConnected ? (
            <>
              {price !== undefined && feeBps !== undefined && timeout !== undefined ? (
                <p className="terms">
                  {t("film.rentTerms", {
                    ssh: formatSshAmount(price, i18n.language),
                    fee: new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 2 }).format(Number(feeBps) / 10_000),
                    timeout: t("film.duration", { count: Math.round(Number(timeout) / 3600) }),
                  })}
                </p>
              ) : null}
              <button type="button" className="primary" disabled={busy || price === undefined} onClick={() => void rentFilm()}>
                {busy ? t("film.renting") : t("film.rent")}
              </button>
            </>
          ) : (
            <p>{t("film.connectToRent")}</p>
          )}
          <p role="status" aria-live="polite">
            {rent.step === "signing" ? t("film.signing") : null}
            {rent.step === "pending" ? `${t("film.pending")} ${t("film.viewTransaction", { hash: `${rent.hash.slice(0, 10)}…` })}` : null}
            {rent.step === "rejected" ? t("film.rejected") : null}
            {rent.step === "failed" ? t("film.failed", { reason: rent.reason }) : null}
          </p>
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
    </article>
  );
}
