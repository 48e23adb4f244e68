/**
 * Prices as a fan reads them: the oracle's SSH/USD rate (read from the chain), each film's price in SSH
 * (a dollar-priced film converted as PayPerView converts it, rounded up) and its USD value, formatted
 * for the fan's language.
 */
import { useQuery } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import { readContract } from "wagmi/actions";

import { sshToUsdDown, usdToSshUp } from "@streamspace/core/money";

import type { DappConfig } from "../config.ts";
import type { CatalogueFilm } from "./catalogue.ts";

/** The oracle's rate (USD per SSH, 8 decimals). The ABIs load with it, after the first page has rendered. */
export function useRate(config: DappConfig): bigint | undefined {
  const wagmi = useConfig();
  const { data } = useQuery({
    queryKey: ["rate", config.contracts.ExchangeRateOracle],
    queryFn: async () => {
      const { exchangeRateOracleAbi } = await import("@streamspace/core/generated/contracts");
      const [, answer] = await readContract(wagmi, { address: config.contracts.ExchangeRateOracle, abi: exchangeRateOracleAbi, functionName: "latestRoundData" });
      return answer > 0n ? answer : null;
    },
    refetchInterval: 60_000,
  });
  return data ?? undefined;
}

export function priceInSsh(film: Pick<CatalogueFilm, "price" | "priceInUsd">, rate: bigint | undefined): bigint {
  if (!film.priceInUsd) return film.price;
  return rate ? usdToSshUp(film.price, rate) : 0n;
}

export function priceInUsd(film: Pick<CatalogueFilm, "price" | "priceInUsd">, rate: bigint | undefined): bigint | undefined {
  if (film.priceInUsd) return film.price;
  return rate ? sshToUsdDown(film.price, rate) : undefined;
}

export function formatSshAmount(wei: bigint, language: string): string {
  const whole = Number(wei / 10n ** 14n) / 10_000;
  return new Intl.NumberFormat(language, { maximumFractionDigits: 4 }).format(whole);
}

export function formatUsdAmount(usd: bigint, language: string): string {
  return new Intl.NumberFormat(language, { style: "currency", currency: "USD" }).format(Number(usd) / 1e8);
}

/** A card amount in cents (what the payment provider charges), formatted like any USD amount. */
export function formatCents(cents: number, language: string): string {
  return formatUsdAmount(BigInt(cents) * 1_000_000n, language);
}

/** An amount as typed ("1.5", "1,5") in units of `decimals` (18 for SSH, 8 for USD); undefined when it is not one. */
export function parseAmount(text: string, decimals: number): bigint | undefined {
  const t = text.trim().replace(",", ".");
  if (!new RegExp(`^\\d+(\\.\\d{1,${decimals}})?$`).test(t)) return undefined;
  const [whole, fraction = ""] = t.split(".") as [string, string?];
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}
