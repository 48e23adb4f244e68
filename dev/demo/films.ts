import type { FilmDetails } from "@streamspace/core/film-metadata";

import type { Role } from "../platform.js";

/**
 * The demo catalogue: each film's details as its filmmaker enters them (the metadata document's
 * fields), its terms and its rights holders. `npm start` makes a real video for each (an ffmpeg test
 * pattern with the title, English and Korean subtitles), packages and encrypts it, and registers the
 * film with the metadata document's `ipfs://` URI.
 */
export interface DemoFilm {
  owner: Role;
  metadata: FilmDetails;
  priceSsh: string;
  rentalHours: number;
  split: { holder: Role; bps: number }[];
}

const credits = (director: string, composer?: string): FilmDetails["credits"] => ({
  directors: [director],
  writers: [director],
  producers: [],
  cast: [],
  crew: composer ? [{ name: composer, job: "Composer" }] : [],
});

export const DEMO_FILMS: DemoFilm[] = [
  {
    owner: "filmmakerAda",
    metadata: {
      title: "The Last Lighthouse",
      synopsis: "A keeper on a Hebridean island refuses to leave when the light is automated.",
      releaseYear: 2026,
      genres: ["drama"],
      languages: ["en", "gd"],
      countries: ["GB"],
      credits: credits("Ada Lovelace", "Clara Schumann"),
    },
    priceSsh: "4",
    rentalHours: 48,
    split: [
      { holder: "filmmakerAda", bps: 7_000 },
      { holder: "composer", bps: 2_000 },
      { holder: "filmmakerLuis", bps: 1_000 },
    ],
  },
  {
    owner: "filmmakerAda",
    metadata: {
      title: "Salt & Static",
      synopsis: "Two pirate-radio DJs race a storm to keep a coastal town on the air.",
      releaseYear: 2025,
      genres: ["comedy", "adventure"],
      languages: ["en"],
      countries: ["IE"],
      credits: credits("Ada Lovelace", "Clara Schumann"),
    },
    priceSsh: "2.5",
    rentalHours: 72,
    split: [
      { holder: "filmmakerAda", bps: 6_000 },
      { holder: "composer", bps: 4_000 },
    ],
  },
  {
    owner: "filmmakerLuis",
    metadata: {
      title: "Night Market",
      synopsis: "A documentary of one night among the food stalls of Mexico City's Mercado de Jamaica.",
      releaseYear: 2026,
      genres: ["documentary"],
      languages: ["es"],
      countries: ["MX"],
      credits: credits("Luis Buñuel", "Clara Schumann"),
    },
    priceSsh: "3",
    rentalHours: 24,
    split: [
      { holder: "filmmakerLuis", bps: 8_500 },
      { holder: "composer", bps: 1_500 },
    ],
  },
];

/** The film the exchange's demo prices in dollars (./exchange.ts). */
export const DEMO_DOLLAR_FILM: { owner: Role; metadata: FilmDetails } = {
  owner: "filmmakerLuis",
  metadata: {
    title: "Harbour Lights",
    synopsis: "A lighthouse keeper's daughter films the last season of the herring fleet.",
    releaseYear: 2025,
    genres: ["documentary"],
    languages: ["en"],
    countries: ["GB"],
    credits: credits("Luis Buñuel"),
  },
};

/** Gives each film's metadata URI from its details (the packaged document's, or a stand-in without a back end). */
export type MetadataUriOf = (details: FilmDetails) => string;
