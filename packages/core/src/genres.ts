/**
 * The genres a film may have (IMDb's), on their own: the catalogue's genre filter needs the list
 * without the metadata parser (film-metadata.ts), which only the studio's forms carry.
 */
export const GENRES = [
  "action", "adventure", "animation", "biography", "comedy", "crime", "documentary", "drama", "family", "fantasy",
  "history", "horror", "music", "musical", "mystery", "romance", "sci-fi", "short", "sport", "thriller", "war", "western",
] as const;
export type Genre = (typeof GENRES)[number];
