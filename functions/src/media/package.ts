/**
 * Packages a film's master as encrypted HLS (a trailer, free to watch, without encryption): an adaptive ladder (1080p/720p/480p/360p, as the source
 * allows; a source below 360p is kept at its own height), H.264 with keyframes aligned on segment
 * boundaries across renditions (so players switch cleanly), AAC stereo audio, every segment encrypted
 * with AES-128 under the film's key (`#EXT-X-KEY`, its URI the key server's), WebVTT subtitles per
 * language (unencrypted text tracks), and a poster frame.
 *
 * The key is written only to a private temporary directory for ffmpeg, outside the package, and
 * removed after; nothing in the package contains it. The package is written to a fresh directory: a run
 * that fails or is cancelled leaves nothing that could be published (the caller removes the directory).
 */
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { filesIn } from "../content/storage.ts";
import { MediaError, type MediaInfo, probe, run } from "./ffmpeg.ts";

export interface Rendition {
  name: string;
  width: number;
  height: number;
  /** Video bitrate, kbit/s. */
  videoKbps: number;
}

export interface SubtitleInput {
  /** BCP 47 language tag: "en", "ko", "pt-BR". */
  language: string;
  /** Its name in the player's menu: "English", "한국어". */
  name: string;
  /** A SubRip (.srt) or WebVTT (.vtt) file. */
  path: string;
}

export interface PackageOptions {
  input: string;
  /** An empty or missing directory: the package is written here. */
  outDir: string;
  /** The film key (16 bytes) and the URI players fetch it from; none for a free trailer. */
  encryption?: { key: Uint8Array; keyUri: string };
  subtitles?: SubtitleInput[];
  segmentSeconds?: number;
  /** At most this height (the ladder's top); default 1080. */
  maxHeight?: number;
  /** Fraction done, 0..1, as ffmpeg reports it. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export interface FilmPackage {
  source: MediaInfo;
  renditions: Rendition[];
  subtitles: { language: string; name: string; uri: string }[];
  /** Paths relative to the package directory. */
  master: "master.m3u8";
  poster: "poster.jpg";
  files: string[];
}

/** The ladder: standard heights and bitrates for H.264 at 24-30 fps. */
const LADDER: Omit<Rendition, "width" | "name">[] = [
  { height: 1080, videoKbps: 5_000 },
  { height: 720, videoKbps: 2_800 },
  { height: 480, videoKbps: 1_400 },
  { height: 360, videoKbps: 800 },
];
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** The renditions for a source: each ladder step at or below its height (and `maxHeight`), at least one. */
export function ladderFor(source: { width: number; height: number }, maxHeight = 1080): Rendition[] {
  const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);
  const top = Math.min(source.height, maxHeight);
  const steps = LADDER.filter((step) => step.height <= top);
  const chosen = steps.length > 0 ? steps : [{ height: even(top), videoKbps: 500 }];
  return chosen.map((step) => ({ ...step, name: `${step.height}p`, width: even((source.width * step.height) / source.height) }));
}

export async function packageFilm(options: PackageOptions): Promise<FilmPackage> {
  const { input, outDir, encryption, subtitles = [], segmentSeconds = 4, onProgress, signal } = options;
  if (encryption && encryption.key.length !== 16) throw new MediaError("an HLS AES-128 key is 16 bytes");
  if (encryption && !/^https?:\/\/[^\s"]+$/.test(encryption.keyUri)) throw new MediaError(`not a key URI: ${encryption.keyUri}`);
  for (const s of subtitles) {
    if (!LANGUAGE_TAG.test(s.language)) throw new MediaError(`not a language tag: ${s.language}`);
    if (!s.name.trim() || /["\n]/.test(s.name)) throw new MediaError(`not a subtitle name: ${s.name}`);
  }
  if (new Set(subtitles.map((s) => s.language)).size !== subtitles.length) throw new MediaError("one subtitle track per language");

  const source = await probe(input);
  const renditions = ladderFor(source, options.maxHeight);
  await mkdir(outDir, { recursive: true });
  if ((await readdir(outDir)).length > 0) throw new MediaError(`${outDir} is not empty`);

  // The key, for ffmpeg only, in a private directory outside the package.
  const secret = await mkdtemp(join(tmpdir(), "streamspace-key-"));
  try {
    if (encryption) {
      const keyFile = join(secret, "film.key");
      await writeFile(keyFile, encryption.key, { mode: 0o600 });
      const iv = randomBytes(16).toString("hex");
      await writeFile(join(secret, "keyinfo"), `${encryption.keyUri}\n${keyFile}\n${iv}\n`, { mode: 0o600 });
    }

    const split = renditions.map((_, i) => `[v${i}]`).join("");
    const scales = renditions.map((r, i) => `[v${i}]scale=${r.width}:${r.height}:flags=bicubic,setsar=1[v${i}out]`).join(";");
    const args = ["-v", "error", "-y", "-i", input, "-filter_complex", `[0:v]split=${renditions.length}${split};${scales}`];
    renditions.forEach((r, i) => {
      args.push("-map", `[v${i}out]`);
      args.push(`-b:v:${i}`, `${r.videoKbps}k`, `-maxrate:v:${i}`, `${Math.round(r.videoKbps * 1.07)}k`, `-bufsize:v:${i}`, `${r.videoKbps * 2}k`);
    });
    if (source.hasAudio) renditions.forEach(() => args.push("-map", "0:a:0"));
    args.push(
      "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-pix_fmt", "yuv420p",
      // A keyframe at every segment boundary in every rendition: segments align and start decodable.
      "-force_key_frames", `expr:gte(t,n_forced*${segmentSeconds})`, "-sc_threshold", "0",
    );
    if (source.hasAudio) args.push("-c:a", "aac", "-b:a", "128k", "-ac", "2");
    const streams = renditions.map((r, i) => (source.hasAudio ? `v:${i},a:${i},name:${r.name}` : `v:${i},name:${r.name}`)).join(" ");
    args.push(
      "-f", "hls", "-hls_time", String(segmentSeconds), "-hls_playlist_type", "vod", "-hls_flags", "independent_segments",
      ...(encryption ? ["-hls_key_info_file", join(secret, "keyinfo")] : []),
      "-hls_segment_filename", join(outDir, "%v", "segment%05d.ts"),
      "-master_pl_name", "master.m3u8", "-var_stream_map", streams,
      join(outDir, "%v", "index.m3u8"),
    );
    await run("ffmpeg", args, {
      signal,
      onProgress: onProgress && ((seconds) => onProgress(Math.min(1, seconds / source.durationSeconds))),
    });
  } finally {
    await rm(secret, { recursive: true, force: true });
  }

  // The poster: a frame a tenth of the way in, at most 720 lines.
  const at = (source.durationSeconds * 0.1).toFixed(2);
  await run("ffmpeg", ["-v", "error", "-y", "-ss", at, "-i", input, "-frames:v", "1", "-vf", `scale=-2:${Math.min(720, source.height - (source.height % 2))}`, "-q:v", "3", join(outDir, "poster.jpg")], { signal });

  // Subtitles: WebVTT files, each with a one-segment playlist, declared in the master playlist.
  const tracks: FilmPackage["subtitles"] = [];
  if (subtitles.length > 0) await mkdir(join(outDir, "subtitles"));
  for (const s of subtitles) {
    const vtt = join(outDir, "subtitles", `${s.language}.vtt`);
    try {
      await run("ffmpeg", ["-v", "error", "-y", "-i", s.path, "-f", "webvtt", vtt], { signal });
    } catch (error) {
      throw new MediaError(`subtitles ${s.language}: not a SubRip or WebVTT file (${(error as Error).message})`);
    }
    const duration = Math.ceil(source.durationSeconds);
    await writeFile(
      join(outDir, "subtitles", `${s.language}.m3u8`),
      `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:${duration}\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:${source.durationSeconds.toFixed(3)},\n${s.language}.vtt\n#EXT-X-ENDLIST\n`,
    );
    tracks.push({ language: s.language, name: s.name, uri: `subtitles/${s.language}.m3u8` });
  }
  if (tracks.length > 0) await addSubtitlesToMaster(join(outDir, "master.m3u8"), tracks);

  onProgress?.(1);
  return { source, renditions, subtitles: tracks, master: "master.m3u8", poster: "poster.jpg", files: await filesIn(outDir) };
}

async function addSubtitlesToMaster(path: string, tracks: FilmPackage["subtitles"]) {
  const lines = (await readFile(path, "utf8")).split("\n");
  const media = tracks.map(
    (t, i) => `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="${t.name}",LANGUAGE="${t.language}",DEFAULT=NO,AUTOSELECT=${i === 0 ? "YES" : "NO"},URI="${t.uri}"`,
  );
  const out: string[] = [];
  for (const line of lines) {
    if (line.startsWith("#EXT-X-STREAM-INF:")) {
      if (media.length > 0) out.push(...media.splice(0));
      out.push(`${line},SUBTITLES="subs"`);
    } else out.push(line);
  }
  await writeFile(path, out.join("\n"));
}
