import { spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Test films made by ffmpeg from its built-in sources (a moving test pattern with a timecode and a
 * tone), for the demo and the tests: real H.264/AAC video, no file committed.
 */
export async function makeTestFilm({ dir, name = "master.mp4", width = 640, height = 360, seconds = 8, audio = true, title = "StreamSpace", bitrateKbps }: {
  dir: string;
  /** A fixed video bitrate (a bigger file), instead of the encoder's choice. */
  bitrateKbps?: number;
  name?: string;
  width?: number;
  height?: number;
  seconds?: number;
  audio?: boolean;
  title?: string;
}): Promise<string> {
  const path = join(dir, name);
  const label = title.replace(/[^A-Za-z0-9 ]/g, "");
  const args = [
    "-v", "error", "-y",
    "-f", "lavfi", "-i", `testsrc2=duration=${seconds}:size=${width}x${height}:rate=24,drawtext=text='${label}':fontcolor=white:fontsize=${Math.round(height / 12)}:x=(w-text_w)/2:y=h/8`,
    ...(audio ? ["-f", "lavfi", "-i", `sine=frequency=440:duration=${seconds}`] : []),
    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
    ...(bitrateKbps ? ["-b:v", `${bitrateKbps}k`, "-minrate", `${bitrateKbps}k`, "-maxrate", `${bitrateKbps}k`, "-bufsize", `${bitrateKbps}k`] : []),
    ...(audio ? ["-c:a", "aac", "-shortest"] : []),
    "-movflags", "+faststart", path,
  ];
  let result = spawnSync("ffmpeg", args, { encoding: "utf8" });
  if (result.status !== 0 && /drawtext|No such filter|font/i.test(result.stderr)) {
    // ffmpeg built without a font for drawtext: the pattern alone.
    const plain = args.map((a) => a.replace(/,drawtext=.*$/, ""));
    result = spawnSync("ffmpeg", plain, { encoding: "utf8" });
  }
  if (result.status !== 0) throw new Error(`ffmpeg could not make a test film: ${result.stderr || result.error?.message}`);
  return path;
}

/** A SubRip file with a cue every two seconds. */
export async function makeSubtitles({ dir, language, seconds = 8, text }: { dir: string; language: string; seconds?: number; text: string }): Promise<string> {
  const path = join(dir, `${language}.srt`);
  const time = (s: number) => `00:00:${String(s).padStart(2, "0")},000`;
  const cues = Array.from({ length: Math.floor(seconds / 2) }, (_, i) => `${i + 1}\n${time(i * 2)} --> ${time(i * 2 + 2)}\n${text} ${i + 1}\n`);
  await writeFile(path, cues.join("\n"));
  return path;
}

/** A poster image (JPEG or PNG, by the name's extension) of ffmpeg's test pattern. */
export async function makeTestPoster({ dir, name = "poster.jpg", width = 400, height = 600 }: { dir: string; name?: string; width?: number; height?: number }): Promise<string> {
  const path = join(dir, name);
  const result = spawnSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", `testsrc2=size=${width}x${height}`, "-frames:v", "1", path], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`ffmpeg could not make a test poster: ${result.stderr || result.error?.message}`);
  return path;
}
