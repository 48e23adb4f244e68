/**
 * What the recommendation engine learns from, read from the subgraph: every settled purchase (a
 * verified, paid view: who, which film, when), every standing verified review's stars, every open
 * rental (not a signal: films the fan is watching now are left out of its picks), and the films
 * (owner, status, registration) with their genres and languages from their metadata documents.
 */
import type { FilmMetadata } from "@streamspace/core/film-metadata";
import type { Interaction, ItemInfo } from "@streamspace/core/recommend/model";
import { querySubgraph, typedQuery } from "@streamspace/core/subgraph";

export interface TrainingData {
  interactions: Interaction[];
  catalogue: ItemInfo[];
  /** Per wallet (lower case): films it has an open rental of. */
  open: Record<string, string[]>;
}

const PAGE = 1_000;

/**
 * Every entity of a list query, a thousand at a time by id (`$last`: the previous page's last id; an
 * entity's id is an ID, or Bytes for the immutable event entities, starting from "" or "0x").
 */
async function all<T extends { id: string }>(url: string, entity: string, fields: string, { where = "", bytesId = false }: { where?: string; bytesId?: boolean } = {}): Promise<T[]> {
  const out: T[] = [];
  let last = bytesId ? "0x" : "";
  for (;;) {
    const query = `query Page($last: ${bytesId ? "Bytes" : "ID"}!) { ${entity}(first: ${PAGE}, orderBy: id, orderDirection: asc, where: { id_gt: $last ${where} }) { id ${fields} } }`;
    const data = await querySubgraph(url, typedQuery<Record<string, T[]>, { last: string }>(query), { last });
    const page = data[entity] ?? [];
    out.push(...page);
    if (page.length < PAGE) return out;
    last = page.at(-1)!.id;
  }
}

/** Metadata documents by URI, kept for the container's life (a document never changes: its URI is its content). */
const documents = new Map<string, Pick<FilmMetadata, "genres" | "languages"> | null>();

async function metadataOf(gateway: string, uri: string): Promise<Pick<FilmMetadata, "genres" | "languages"> | null> {
  if (documents.has(uri)) return documents.get(uri)!;
  let found: Pick<FilmMetadata, "genres" | "languages"> | null = null;
  try {
    const res = await fetch(uri.replace(/^ipfs:\/\//, `${gateway.replace(/\/+$/, "")}/ipfs/`), { signal: AbortSignal.timeout(10_000) });
    if (res.ok) {
      const doc = (await res.json()) as Partial<FilmMetadata>;
      found = { genres: Array.isArray(doc.genres) ? doc.genres.filter((g) => typeof g === "string") : [], languages: Array.isArray(doc.languages) ? doc.languages.filter((l) => typeof l === "string") : [] };
    }
  } catch {
    found = null; // unreachable now: no content signal for it this time, asked again next run
  }
  if (found) documents.set(uri, found);
  return found;
}

export async function readTrainingData({ subgraphUrl, ipfsGateway }: { subgraphUrl: string; ipfsGateway: string }): Promise<TrainingData> {
  type Settlement = { id: string; timestamp: string; film: { id: string }; rental: { viewer: { id: string } } };
  type Review = { id: string; rating: number; film: { id: string }; reviewer: { id: string } };
  type Open = { id: string; film: { id: string }; viewer: { id: string } };
  type Film = { id: string; status: string; createdAt: string; metadataURI: string; owner: { id: string } };
  const [settlements, reviews, openRentals, films] = await Promise.all([
    all<Settlement>(subgraphUrl, "settlements", "timestamp film { id } rental { viewer { id } }", { bytesId: true }),
    all<Review>(subgraphUrl, "reviews", "rating film { id } reviewer { id }"),
    all<Open>(subgraphUrl, "rentals", "film { id } viewer { id }", { where: ', status: "Open"' }),
    all<Film>(subgraphUrl, "films", "status createdAt metadataURI owner { id }"),
  ]);
  const stars = new Map(reviews.map((r) => [`${r.reviewer.id}:${r.film.id}`, r.rating]));
  const interactions: Interaction[] = settlements.map((s) => {
    const rating = stars.get(`${s.rental.viewer.id}:${s.film.id}`);
    return { user: s.rental.viewer.id, item: s.film.id, timestamp: Number(s.timestamp), ...(rating ? { rating } : {}) };
  });
  const open: Record<string, string[]> = {};
  for (const r of openRentals) (open[r.viewer.id] ??= []).push(r.film.id);
  // Metadata eight at a time.
  const catalogue: ItemInfo[] = new Array(films.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < films.length) {
        const k = next++;
        const f = films[k]!;
        const doc = f.status === "Deleted" ? null : await metadataOf(ipfsGateway, f.metadataURI);
        catalogue[k] = { id: f.id, genres: doc?.genres ?? [], languages: doc?.languages ?? [], owner: f.owner.id, createdAt: Number(f.createdAt), rentable: f.status === "Active" };
      }
    }),
  );
  return { interactions, catalogue, open };
}
