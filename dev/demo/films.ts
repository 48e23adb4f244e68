import type { Role } from "../platform.js";

/** The demo catalogue: real metadata documents (their CIDs are computed from their bytes). */
export interface DemoFilm {
  owner: Role;
  metadata: {
    title: string;
    synopsis: string;
    genres: string[];
    languages: string[];
    runtimeMinutes: number;
  };
  priceSsh: string;
  rentalHours: number;
  split: { holder: Role; bps: number }[];
}

export const DEMO_FILMS: DemoFilm[] = [
  {
    owner: "filmmakerAda",
    metadata: {
      title: "The Last Lighthouse",
      synopsis: "A keeper on a Hebridean island refuses to leave when the light is automated.",
      genres: ["drama"],
      languages: ["en", "gd"],
      runtimeMinutes: 94,
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
      genres: ["comedy", "adventure"],
      languages: ["en"],
      runtimeMinutes: 81,
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
      genres: ["documentary"],
      languages: ["es"],
      runtimeMinutes: 67,
    },
    priceSsh: "3",
    rentalHours: 24,
    split: [
      { holder: "filmmakerLuis", bps: 8_500 },
      { holder: "composer", bps: 1_500 },
    ],
  },
];
