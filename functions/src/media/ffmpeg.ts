/**
 * ffmpeg and ffprobe, run as child processes (the OS packages: `apt-get install ffmpeg`; in production
 * the media worker's container image). A run reports progress from ffmpeg's `-progress` stream, can be
 * cancelled, and fails with the tail of ffmpeg's own error output.
 */
import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";

export class MediaError extends Error {}

export interface MediaInfo {
  durationSeconds: number;
  width: number;
  height: number;
  videoCodec: string;
  hasAudio: boolean;
  /** The container's size in bytes. */
  bytes: number;
}

/** What the master is, refusing what cannot be a film: empty, not a video, truncated, no duration. */
export async function probe(path: string): Promise<MediaInfo> {
  const { size } = await stat(path);
  if (size === 0) throw new MediaError("the file is empty");
  let out: string;
  try {
    out = await run("ffprobe", ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path]);
  } catch (error) {
    throw new MediaError(`not a video file ffmpeg can read (${(error as Error).message.split("\n").at(-1)})`);
  }
  const info = JSON.parse(out) as {
    format?: { duration?: string; format_name?: string };
    streams?: { codec_type?: string; codec_name?: string; width?: number; height?: number; duration?: string }[];
  };
  const video = info.streams?.find((s) => s.codec_type === "video" && s.codec_name !== "mjpeg" && s.codec_name !== "png");
  if (!video?.width || !video.height) throw new MediaError("the file has no video stream");
  const durationSeconds = Number(info.format?.duration ?? video.duration);
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) throw new MediaError("the video has no duration (truncated?)");
  // A truncated file still probes; decoding its last second finds the cut.
  try {
    await run("ffmpeg", ["-v", "error", "-xerror", "-sseof", "-1", "-i", path, "-map", "0:v:0", "-f", "null", "-"]);
  } catch (error) {
    throw new MediaError(`the video is truncated or damaged (${(error as Error).message.split("\n").at(-1)})`);
  }
  return {
    durationSeconds,
    width: video.width,
    height: video.height,
    videoCodec: video.codec_name ?? "unknown",
    hasAudio: info.streams?.some((s) => s.codec_type === "audio") ?? false,
    bytes: size,
  };
}

/**
 * Runs ffmpeg or ffprobe; resolves with stdout. With `onProgress`, ffmpeg writes its progress to stdout
 * (`-progress pipe:1`) and each reported position (seconds of output) is passed on.
 */
export function run(
  command: "ffmpeg" | "ffprobe",
  args: string[],
  { onProgress, signal }: { onProgress?: (seconds: number) => void; signal?: AbortSignal } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const fullArgs = onProgress ? ["-progress", "pipe:1", "-nostats", ...args] : args;
    const child = spawn(command, fullArgs, { stdio: ["ignore", "pipe", "pipe"], signal });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      if (!onProgress) {
        stdout += text;
        return;
      }
      for (const match of text.matchAll(/^out_time_us=(\d+)$/gm)) onProgress(Number(match[1]) / 1e6);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4_000);
    });
    child.on("error", (error) => {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") reject(new MediaError(`${command} is not installed (apt-get install ffmpeg)`));
      else reject(error);
    });
    child.on("close", (code) => {
      if (code === 0) resolve(stdout);
      else reject(new MediaError(`${command} failed (${code}): ${stderr.trim().split("\n").slice(-3).join(" | ")}`));
    });
  });
}
