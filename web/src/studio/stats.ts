/**
 * A filmmaker's statistics from the subgraph's daily entities (FilmDay): fetched for the chosen films and
 * range (pages of 1,000 until a short one), summed per UTC day across films, with the days nothing
 * happened filled in as zeros (the subgraph only has days with activity), and written as CSV. Pure but
 * for the fetch: the page, the benchmark and the tests share it.
 */
import { querySubgraph } from "@streamspace/core/subgraph";
import { FILM_DAYS, type FilmDayRow } from "@streamspace/core/subgraph-studio";

export const DAY = 86_400;

export interface DayStats {
  /** Start of the UTC day, Unix seconds. */
  date: number;
  views: number;
  purchases: number;
  refunds: number;
  /** SSH wei credited to the rights holders. */
  revenue: bigint;
  /** That revenue in USD, 8 decimals (at each settlement's rate). */
  revenueUsd: bigint;
  /** Ratings given (new and changed reviews) and the sum of their stars. */
  ratings: number;
  ratingSum: number;
}

export async function fetchFilmDays(subgraphUrl: string, filmIds: string[], from: number): Promise<FilmDayRow[]> {
  const rows: FilmDayRow[] = [];
  for (let skip = 0; ; skip += 1000) {
    const { filmDays } = await querySubgraph(subgraphUrl, FILM_DAYS, { films: filmIds, from, first: 1000, skip });
    rows.push(...filmDays);
    if (filmDays.length < 1000) return rows;
  }
}

/** One entry per day from `from` to `to` (both day starts, inclusive), the films' rows summed into it. */
export function dailySeries(rows: FilmDayRow[], from: number, to: number): DayStats[] {
  const start = Math.floor(from / DAY) * DAY;
  const end = Math.floor(to / DAY) * DAY;
  const days: DayStats[] = [];
  const index = new Map<number, DayStats>();
  for (let date = start; date <= end; date += DAY) {
    const day: DayStats = { date, views: 0, purchases: 0, refunds: 0, revenue: 0n, revenueUsd: 0n, ratings: 0, ratingSum: 0 };
    days.push(day);
    index.set(date, day);
  }
  for (const row of rows) {
    const day = index.get(row.date);
    if (!day) continue;
    day.views += Number(row.views);
    day.purchases += Number(row.purchases);
    day.refunds += Number(row.refunds);
    day.revenue += BigInt(row.revenue);
    day.revenueUsd += BigInt(row.revenueUsd);
    day.ratings += row.ratings;
    day.ratingSum += row.ratingSum;
  }
  return days;
}

export function totals(days: DayStats[]) {
  return days.reduce(
    (sum, d) => ({
      views: sum.views + d.views,
      purchases: sum.purchases + d.purchases,
      refunds: sum.refunds + d.refunds,
      revenue: sum.revenue + d.revenue,
      revenueUsd: sum.revenueUsd + d.revenueUsd,
      ratings: sum.ratings + d.ratings,
      ratingSum: sum.ratingSum + d.ratingSum,
    }),
    { views: 0, purchases: 0, refunds: 0, revenue: 0n, revenueUsd: 0n, ratings: 0, ratingSum: 0 },
  );
}

/** Exact decimal text of a fixed-point amount (no float rounding in the export). */
export function fixed(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const unit = 10n ** BigInt(decimals);
  const fraction = (abs % unit).toString().padStart(decimals, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${abs / unit}${fraction ? `.${fraction}` : ""}`;
}

/** The average of `count` ratings summing `sum` stars, to two decimals; "" without any. */
export function averageRating(sum: number, count: number): string {
  return count === 0 ? "" : (Math.round((sum * 100) / count) / 100).toFixed(2);
}

/** The series as CSV (RFC 4180; ISO dates; amounts exact: SSH with 18 decimals, USD with 8). */
export function toCsv(days: DayStats[]): string {
  const header = "date,views,purchases,refunds,revenue_ssh,revenue_usd,ratings,average_rating";
  const lines = days.map((d) => [new Date(d.date * 1000).toISOString().slice(0, 10), d.views, d.purchases, d.refunds, fixed(d.revenue, 18), fixed(d.revenueUsd, 8), d.ratings, averageRating(d.ratingSum, d.ratings)].join(","));
  return `${[header, ...lines].join("\r\n")}\r\n`;
}
