import { mkdir } from "node:fs/promises";
import { join } from "node:path";

import type { FilmDetails } from "@streamspace/core/film-metadata";

import { makeSubtitles, makeTestFilm } from "../media.js";
import { localKeyOf, type Role } from "../platform.js";
import { publishUpload, type UploadedFilm, uploadFilm } from "../publish.js";
import { sessionFor } from "../sign-in.js";

/** How long each demo film runs: long enough to watch it play, seek and switch subtitles. */
const DEMO_SECONDS = 30;
/** The first demo film also has a free trailer this long. */
const TRAILER_SECONDS = 4;

export interface DemoContent {
  /** By title: the upload that became each film, and its filmmaker's session. */
  uploads: Map<string, UploadedFilm & { owner: Role; token: string }>;
}

/**
 * The demo films' content, made as a filmmaker makes it: a real video for each (an ffmpeg test
 * pattern showing the title, with a tone), English and Korean subtitles, and for the first a free
 * trailer, uploaded through the functions, packaged and encrypted by the media worker onto IPFS. Their metadata URIs are what the
 * demo registers on-chain.
 */
export async function prepareDemoContent({ api, siweDomain, chainId, dir, films }: {
  api: string;
  siweDomain: string;
  chainId: number;
  dir: string;
  films: { owner: Role; metadata: FilmDetails }[];
}): Promise<DemoContent> {
  await mkdir(dir, { recursive: true });
  const tokens = new Map<Role, string>();
  const tokenOf = async (owner: Role) => {
    if (!tokens.has(owner)) tokens.set(owner, await sessionFor({ api, account: localKeyOf(owner), domain: siweDomain, chainId }));
    return tokens.get(owner)!;
  };
  const uploads = new Map<string, UploadedFilm & { owner: Role; token: string }>();
  await Promise.all(
    films.map(async (film, i) => {
      const filmDir = join(dir, `film-${i}`);
      await mkdir(filmDir, { recursive: true });
      const token = await tokenOf(film.owner);
      const uploaded = await uploadFilm({
        api,
        token,
        master: await makeTestFilm({ dir: filmDir, width: 854, height: 480, seconds: DEMO_SECONDS, title: film.metadata.title }),
        details: film.metadata,
        subtitles: [
          { language: "en", name: "English", path: await makeSubtitles({ dir: filmDir, language: "en", seconds: DEMO_SECONDS, text: film.metadata.title }) },
          { language: "ko", name: "한국어", path: await makeSubtitles({ dir: filmDir, language: "ko", seconds: DEMO_SECONDS, text: "자막" }) },
        ],
        ...(i === 0 ? { trailer: await makeTestFilm({ dir: filmDir, name: "trailer.mp4", width: 640, height: 360, seconds: TRAILER_SECONDS, title: `${film.metadata.title}: trailer` }) } : {}),
      });
      uploads.set(film.metadata.title, { ...uploaded, owner: film.owner, token });
    }),
  );
  return { uploads };
}

/** Once the films are registered: each upload published under its film id (its key bound, playable). */
export async function publishDemoContent({ api, content, films }: { api: string; content: DemoContent; films: { filmId: bigint; title: string }[] }) {
  for (const film of films) {
    const upload = content.uploads.get(film.title);
    if (upload) await publishUpload({ api, token: upload.token, uploadId: upload.uploadId, filmId: film.filmId });
  }
}
