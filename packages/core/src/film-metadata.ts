/**
 * A film's metadata document, the JSON on IPFS that `FilmRegistry` points to (`ipfs://<cid>`): what a
 * filmmaker tells about the film, in the fields IMDb asks of filmmakers (title, plot summary, runtime,
 * release year, genres, spoken languages, countries of origin, cast and crew), and what the platform
 * made of the master (the encrypted HLS package, its poster, subtitles, an optional free trailer).
 * Shared by the functions (which write it) and the dapp (which reads it and collects the details).
 */
import { GENRES, type Genre } from "./genres.ts";

export { GENRES, type Genre };

export const FILM_METADATA_SCHEMA = "streamspace/film@1";

/** What the filmmaker says about the film. */
export interface FilmDetails {
  title: string;
  /** The plot summary. */
  synopsis: string;
  releaseYear?: number;
  genres: Genre[];
  /** Spoken languages, BCP 47 ("en", "ko"). */
  languages: string[];
  /** Countries of origin, ISO 3166-1 alpha-2 ("KR", "US"). */
  countries: string[];
  credits: {
    directors: string[];
    writers: string[];
    producers: string[];
    cast: { name: string; character?: string }[];
    /** Other crew: composer, cinematographer, editor... */
    crew: { name: string; job: string }[];
  };
}

/** The whole document: the details, and the package the platform made. */
export interface FilmMetadata extends FilmDetails {
  schema: typeof FILM_METADATA_SCHEMA;
  runtimeSeconds: number;
  poster: string;
  video: {
    /** The master playlist, `ipfs://<package>/master.m3u8`. */
    playlist: string;
    encryption: "AES-128";
    /** The film key's id: its URI is the key server's `/keys/<keyId>`. */
    keyId: string;
    renditions: { name: string; width: number; height: number }[];
    subtitles: { language: string; name: string; uri: string }[];
  };
  /** A free, unencrypted trailer's playlist, if the filmmaker gave one. */
  trailer?: { playlist: string };
}

export class FilmDetailsError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const COUNTRY = /^[A-Z]{2}$/;

/** The details as given, checked field by field: a FilmDetailsError names the first field that is wrong. */
export function parseFilmDetails(input: unknown, now = new Date()): FilmDetails {
  const object = (value: unknown, field: string) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new FilmDetailsError(field, "must be an object");
    return value as Record<string, unknown>;
  };
  const text = (value: unknown, field: string, max: number, min = 1) => {
    if (typeof value !== "string") throw new FilmDetailsError(field, "must be text");
    const trimmed = value.trim();
    if (trimmed.length < min) throw new FilmDetailsError(field, min === 1 ? "is required" : `must be at least ${min} characters`);
    if (trimmed.length > max) throw new FilmDetailsError(field, `must be at most ${max} characters`);
    return trimmed;
  };
  const list = <T>(value: unknown, field: string, max: number, item: (v: unknown, f: string) => T, min = 0) => {
    if (value === undefined && min === 0) return [];
    if (!Array.isArray(value)) throw new FilmDetailsError(field, "must be a list");
    if (value.length < min) throw new FilmDetailsError(field, `needs at least ${min}`);
    if (value.length > max) throw new FilmDetailsError(field, `at most ${max}`);
    const items = value.map((v, i) => item(v, `${field}[${i}]`));
    if (new Set(items.map((i) => JSON.stringify(i))).size !== items.length) throw new FilmDetailsError(field, "has duplicates");
    return items;
  };
  const name = (v: unknown, f: string) => text(v, f, 200);
  const d = object(input, "details");
  const c = object(d.credits ?? {}, "credits");
  let releaseYear: number | undefined;
  if (d.releaseYear !== undefined) {
    if (typeof d.releaseYear !== "number" || !Number.isInteger(d.releaseYear) || d.releaseYear < 1888 || d.releaseYear > now.getUTCFullYear() + 2) {
      throw new FilmDetailsError("releaseYear", `must be a year from 1888 to ${now.getUTCFullYear() + 2}`);
    }
    releaseYear = d.releaseYear;
  }
  return {
    title: text(d.title, "title", 200),
    synopsis: text(d.synopsis, "synopsis", 5_000),
    ...(releaseYear !== undefined ? { releaseYear } : {}),
    genres: list(d.genres, "genres", 5, (v, f) => {
      if (!GENRES.includes(v as Genre)) throw new FilmDetailsError(f, `is not one of ${GENRES.join(", ")}`);
      return v as Genre;
    }, 1),
    languages: list(d.languages, "languages", 10, (v, f) => {
      if (typeof v !== "string" || !LANGUAGE.test(v)) throw new FilmDetailsError(f, "is not a language tag (en, ko, pt-BR)");
      return v;
    }, 1),
    countries: list(d.countries, "countries", 10, (v, f) => {
      if (typeof v !== "string" || !COUNTRY.test(v)) throw new FilmDetailsError(f, "is not a country code (KR, US)");
      return v;
    }),
    credits: {
      directors: list(c.directors, "credits.directors", 20, name, 1),
      writers: list(c.writers, "credits.writers", 20, name),
      producers: list(c.producers, "credits.producers", 50, name),
      cast: list(c.cast, "credits.cast", 200, (v, f) => {
        const member = object(v, f);
        const character = member.character === undefined ? undefined : text(member.character, `${f}.character`, 200);
        return { name: name(member.name, `${f}.name`), ...(character ? { character } : {}) };
      }),
      crew: list(c.crew, "credits.crew", 200, (v, f) => {
        const member = object(v, f);
        return { name: name(member.name, `${f}.name`), job: text(member.job, `${f}.job`, 100) };
      }),
    },
  };
}
