import assert from "node:assert/strict";
import { createDecipheriv, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { MediaError, probe } from "@streamspace/functions/media/ffmpeg";
import { ladderFor, packageFilm } from "@streamspace/functions/media/package";

import { makeSubtitles, makeTestFilm } from "../dev/media.js";

/** The media worker's packaging, with the real ffmpeg, on films ffmpeg makes. */
describe("packaging a film as encrypted HLS", () => {
  let dir: string;
  let master: string;
  const key = new Uint8Array(randomBytes(16));
  const keyUri = "http://127.0.0.1:3000/keys/0123456789abcdef0123456789abcdef";

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "streamspace-media-"));
    master = await makeTestFilm({ dir, width: 1280, height: 720, seconds: 9 });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("chooses the ladder the source allows", () => {
    assert.deepEqual(ladderFor({ width: 1920, height: 1080 }).map((r) => `${r.width}x${r.height}`), ["1920x1080", "1280x720", "854x480", "640x360"]);
    assert.deepEqual(ladderFor({ width: 1280, height: 720 }).map((r) => r.name), ["720p", "480p", "360p"]);
    assert.deepEqual(ladderFor({ width: 3840, height: 2160 }).map((r) => r.name), ["1080p", "720p", "480p", "360p"]);
    assert.deepEqual(ladderFor({ width: 1440, height: 1080 }, 720).map((r) => `${r.width}x${r.height}`), ["960x720", "640x480", "480x360"]);
    assert.deepEqual(ladderFor({ width: 320, height: 240 }).map((r) => `${r.width}x${r.height}`), ["320x240"]);
  });

  it("writes an adaptive ladder, every segment AES-128 encrypted under the film key, subtitles and a poster; the key nowhere", async () => {
    const out = join(dir, "package");
    const progress: number[] = [];
    const subtitles = [
      { language: "en", name: "English", path: await makeSubtitles({ dir, language: "en", seconds: 9, text: "Hello" }) },
      { language: "ko", name: "한국어", path: await makeSubtitles({ dir, language: "ko", seconds: 9, text: "안녕하세요" }) },
    ];
    const pkg = await packageFilm({ input: master, outDir: out, encryption: { key, keyUri }, subtitles, onProgress: (f) => progress.push(f) });

    assert.deepEqual(pkg.renditions.map((r) => r.name), ["720p", "480p", "360p"]);
    assert.ok(Math.abs(pkg.source.durationSeconds - 9) < 0.2);
    assert.ok(progress.length >= 2 && progress.at(-1) === 1 && progress.every((p, i) => i === 0 || p >= progress[i - 1]!), `progress ${progress}`);

    const masterPlaylist = await readFile(join(out, "master.m3u8"), "utf8");
    for (const r of pkg.renditions) assert.match(masterPlaylist, new RegExp(`RESOLUTION=${r.width}x${r.height},CODECS="avc1\\.[0-9a-f]+,mp4a\\.40\\.2",SUBTITLES="subs"\\n${r.name}/index\\.m3u8`));
    assert.match(masterPlaylist, /#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="한국어",LANGUAGE="ko",DEFAULT=NO,AUTOSELECT=NO,URI="subtitles\/ko\.m3u8"/);
    const vtt = await readFile(join(out, "subtitles", "ko.vtt"), "utf8");
    assert.match(vtt, /^WEBVTT[\s\S]*00:0?2\.000 --> 00:0?4\.000\n안녕하세요 2/, vtt);

    for (const r of pkg.renditions) {
      const playlist = await readFile(join(out, r.name, "index.m3u8"), "utf8");
      const keyLine = playlist.match(/#EXT-X-KEY:METHOD=AES-128,URI="([^"]+)",IV=0x([0-9a-f]{32})/);
      assert.ok(keyLine, `${r.name} declares its key`);
      assert.equal(keyLine[1], keyUri);
      assert.match(playlist, /#EXT-X-ENDLIST/);
      const segments = playlist.split("\n").filter((l) => l.endsWith(".ts"));
      assert.equal(segments.length, 3, "9 s in 4 s segments");
      for (const segment of segments) {
        const encrypted = await readFile(join(out, r.name, segment));
        assert.notEqual(encrypted[0], 0x47, "not plain MPEG-TS");
        const decipher = createDecipheriv("aes-128-cbc", key, Buffer.from(keyLine[2]!, "hex"));
        const plain = Buffer.concat([decipher.update(encrypted), decipher.final()]);
        assert.equal(plain.length % 188, 0);
        for (let at = 0; at < plain.length; at += 188) assert.equal(plain[at], 0x47, "MPEG-TS packets once decrypted");
      }
    }
    const poster = await readFile(join(out, "poster.jpg"));
    assert.deepEqual([...poster.subarray(0, 2)], [0xff, 0xd8], "a JPEG poster");

    assert.ok(pkg.files.includes("master.m3u8") && pkg.files.includes("720p/segment00000.ts") && pkg.files.includes("subtitles/en.vtt"));
    for (const file of pkg.files) {
      const bytes = await readFile(join(out, file));
      assert.equal(bytes.includes(Buffer.from(key)), false, `${file} holds the key`);
      assert.equal(bytes.includes(Buffer.from(Buffer.from(key).toString("hex"))), false, `${file} holds the key in hex`);
    }
  });

  it("refuses what is not a playable video, with a clear reason", async () => {
    const empty = join(dir, "empty.mp4");
    await writeFile(empty, "");
    await assert.rejects(probe(empty), (e: Error) => e instanceof MediaError && e.message === "the file is empty");
    const text = join(dir, "notes.mp4");
    await writeFile(text, "INT. LIGHTHOUSE - NIGHT\n".repeat(100));
    await assert.rejects(probe(text), (e: Error) => e instanceof MediaError && /^not a video file ffmpeg can read/.test(e.message));
    const truncated = join(dir, "truncated.mp4");
    await writeFile(truncated, await readFile(master));
    await truncate(truncated, Math.floor((await stat(truncated)).size * 0.6));
    await assert.rejects(probe(truncated), (e: Error) => e instanceof MediaError && /truncated|not a video file/.test(e.message), "a cut file");
    await assert.rejects(
      packageFilm({ input: truncated, outDir: join(dir, "never"), encryption: { key, keyUri } }),
      (e: Error) => e instanceof MediaError,
    );
  });

  it("refuses bad options before any work, and stops when cancelled", async () => {
    await assert.rejects(packageFilm({ input: master, outDir: join(dir, "a"), encryption: { key: new Uint8Array(8), keyUri } }), /16 bytes/);
    await assert.rejects(packageFilm({ input: master, outDir: join(dir, "b"), encryption: { key, keyUri: 'http://x/"' } }), /not a key URI/);
    await assert.rejects(packageFilm({ input: master, outDir: join(dir, "c"), encryption: { key, keyUri }, subtitles: [{ language: "English", name: "English", path: master }] }), /not a language tag/);
    await assert.rejects(packageFilm({ input: master, outDir: join(dir, "package"), encryption: { key, keyUri } }), /is not empty/);
    const controller = new AbortController();
    const cancelled = packageFilm({ input: master, outDir: join(dir, "cancelled"), encryption: { key, keyUri }, signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(cancelled, (e: Error) => e.name === "AbortError");
  });
});
