/**
 * The media worker: takes queued uploads and makes each a playable film. It downloads the master (and
 * trailer) from object storage, packages the film as encrypted HLS under its film key (made once per
 * upload, kept wrapped; a retried job reuses it) and the trailer unencrypted, adds the package to IPFS,
 * writes the metadata document, and marks the upload packaged. Progress is written with each renewal
 * of its lease. A bad master fails the upload with the reason and destroys its key; anything else
 * (storage or IPFS unreachable, the worker killed) leaves the job to be taken again from the start once
 * the lease runs out, in a fresh directory. Nothing is published before every step succeeded, and every
 * CID it pinned is recorded first, so a crashed attempt's package is unpinned when the job ends.
 *
 * Production runs it as a container task (ECS on Fargate: ffmpeg in the image, docs/deployment.md);
 * locally `npm start` runs it in-process next to the IPFS node.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";

import { FILM_METADATA_SCHEMA, type FilmMetadata } from "@streamspace/core/film-metadata";

import type { FilmKeyStore } from "../content/film-keys.ts";
import type { MasterStore } from "../content/masters.ts";
import { type ContentStore, ipfsUri } from "../content/storage.ts";
import type { Upload, UploadStore } from "../content/uploads.ts";
import { MediaError } from "./ffmpeg.ts";
import { packageFilm } from "./package.ts";

/** After this many attempts that did not fail for the master's sake, the upload fails for good. */
const MAX_ATTEMPTS = 3;

export interface MediaWorkerOptions {
  uploads: UploadStore;
  masters: MasterStore;
  filmKeys: FilmKeyStore;
  store: ContentStore;
  /** The key server's public URL: the playlists' key URI is `${keyServerUrl}/keys/<keyId>`. */
  keyServerUrl: string;
  workDir: string;
  leaseMs?: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /** Test seam: called with each progress report (a test "kills" the worker here). */
  onProgress?: (uploadId: string, stage: string, progress: number) => void;
}

export class MediaWorker {
  readonly id = `${hostname()}-${process.pid}-${randomBytes(4).toString("hex")}`;
  private readonly options: MediaWorkerOptions;
  private readonly leaseMs: number;

  constructor(options: MediaWorkerOptions) {
    this.options = options;
    this.leaseMs = options.leaseMs ?? 60_000;
  }

  /** Takes and processes at most one job; returns its id, or undefined when there was none. */
  async runOnce(signal?: AbortSignal): Promise<string | undefined> {
    const { uploads } = this.options;
    // Deleted films first: their content must go.
    for (const uploadId of await uploads.withStatus(["deleting"])) {
      await this.remove(uploadId);
      return uploadId;
    }
    for (const uploadId of await uploads.withStatus(["queued", "packaging"])) {
      const job = await uploads.claim(uploadId, this.id, this.leaseMs);
      if (!job) continue;
      await this.process(job, signal);
      return uploadId;
    }
    return undefined;
  }

  /** A deleted film's content: every CID the upload pinned, unpinned; its masters removed. Idempotent. */
  private async remove(uploadId: string): Promise<void> {
    const { uploads, store, masters, log = () => undefined } = this.options;
    const upload = await uploads.get(uploadId);
    if (!upload) return;
    for (const cid of upload.pinned ?? []) await store.unpin(cid);
    for (const file of Object.values(upload.files)) if (file) await masters.remove(file.s3Key);
    await uploads.transition(uploadId, { from: ["deleting"], to: "deleted", set: { stage: "deleted" } });
    log("film content removed", { uploadId, unpinned: upload.pinned?.length ?? 0 });
  }

  private async process(job: Upload, outer?: AbortSignal): Promise<void> {
    const { uploads, masters, filmKeys, store, keyServerUrl, log = () => undefined } = this.options;
    const controller = new AbortController();
    const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
    let stage = "starting";
    let progress = 0;
    const report = async (nextStage: string, value: number) => {
      stage = nextStage;
      progress = Math.max(progress, Math.min(1, value));
      this.options.onProgress?.(job.uploadId, stage, progress);
    };
    // Renew the lease with the progress; a job taken over by another worker is abandoned.
    const heartbeat = setInterval(() => {
      uploads.heartbeat(job.uploadId, this.id, this.leaseMs, { stage, progress }).then(
        (held) => held || controller.abort(new Error("lost the job's lease")),
        () => undefined,
      );
    }, Math.max(200, Math.floor(this.leaseMs / 4)));

    const dir = join(this.options.workDir, `${job.uploadId}-${job.attempt}`);
    try {
      await removeEarlierAttempts(this.options.workDir, job.uploadId);
      await mkdir(dir, { recursive: true });
      log("packaging", { uploadId: job.uploadId, attempt: job.attempt });

      await report("downloading", 0.01);
      const master = join(dir, "master");
      await masters.download(job.files.master.s3Key, master);
      const trailer = job.files.trailer ? join(dir, "trailer") : undefined;
      if (trailer) await masters.download(job.files.trailer!.s3Key, trailer);
      signal.throwIfAborted();

      // The film key: made once per upload and recorded before use, so a retry encrypts with the same key.
      let keyId = job.keyId;
      let key: Uint8Array;
      if (keyId) {
        const record = await filmKeys.record(keyId);
        if (record?.status !== "active") throw new MediaError("the film key was destroyed");
        key = await filmKeys.unwrap(record);
      } else {
        ({ keyId, key } = await filmKeys.create());
        if (!(await uploads.transition(job.uploadId, { from: ["packaging"], to: "packaging", worker: this.id, set: { keyId } }))) {
          throw new Error("lost the job's lease");
        }
      }

      const subtitles = [];
      for (const s of job.subtitles) {
        const path = join(dir, `subtitles-${s.language}.txt`);
        await writeFile(path, s.text);
        subtitles.push({ language: s.language, name: s.name, path });
      }
      const pkgDir = join(dir, "package");
      const film = await packageFilm({
        input: master,
        outDir: pkgDir,
        encryption: { key, keyUri: `${keyServerUrl}/keys/${keyId}` },
        subtitles,
        signal,
        onProgress: (f) => void report("transcoding", 0.05 + f * (trailer ? 0.7 : 0.85)),
      });
      if (trailer) {
        const trailerDir = join(dir, "trailer-package");
        await packageFilm({ input: trailer, outDir: trailerDir, maxHeight: 720, signal, onProgress: (f) => void report("transcoding", 0.75 + f * 0.15) });
        await rename(trailerDir, join(pkgDir, "trailer"));
      }
      signal.throwIfAborted();

      await report("storing", 0.92);
      const packageCid = await store.addDirectory(pkgDir);
      await uploads.recordPinned(job.uploadId, packageCid);
      const metadata: FilmMetadata = {
        schema: FILM_METADATA_SCHEMA,
        ...job.details,
        runtimeSeconds: Math.round(film.source.durationSeconds),
        poster: ipfsUri(packageCid, film.poster),
        video: {
          playlist: ipfsUri(packageCid, film.master),
          encryption: "AES-128",
          keyId,
          renditions: film.renditions.map(({ name, width, height }) => ({ name, width, height })),
          subtitles: film.subtitles.map((s) => ({ ...s, uri: ipfsUri(packageCid, s.uri) })),
        },
        ...(trailer ? { trailer: { playlist: ipfsUri(packageCid, "trailer/master.m3u8") } } : {}),
      };
      const metadataCid = await store.addBytes(new TextEncoder().encode(JSON.stringify(metadata, null, 2)));
      await uploads.recordPinned(job.uploadId, metadataCid);

      const done = await uploads.transition(job.uploadId, {
        from: ["packaging"],
        to: "packaged",
        worker: this.id,
        set: { packageCid, metadataUri: ipfsUri(metadataCid), runtimeSeconds: metadata.runtimeSeconds, stage: "done", progress: 1 },
      });
      if (!done) throw new Error("lost the job's lease");
      // Packages of earlier attempts that crashed after pinning: not referenced by anything.
      const latest = await uploads.get(job.uploadId);
      for (const cid of latest?.pinned ?? []) if (cid !== packageCid && cid !== metadataCid) await store.unpin(cid);
      log("packaged", { uploadId: job.uploadId, packageCid, metadataUri: ipfsUri(metadataCid) });
    } catch (error) {
      const refused = error instanceof MediaError;
      const latest = await uploads.get(job.uploadId);
      if (refused || (latest?.attempt ?? job.attempt) >= MAX_ATTEMPTS) {
        const reason = refused ? error.message : "packaging failed repeatedly; try uploading again";
        if (await uploads.transition(job.uploadId, { from: ["packaging"], to: "failed", worker: this.id, set: { error: reason, stage: "failed" } })) {
          for (const cid of latest?.pinned ?? []) await store.unpin(cid);
          if (latest?.keyId) await filmKeys.destroy(latest.keyId);
        }
        log("packaging failed", { uploadId: job.uploadId, reason });
      } else {
        // Left to be taken again when the lease runs out (this worker's, or another's).
        log("packaging interrupted", { uploadId: job.uploadId, attempt: job.attempt, error: (error as Error).message });
      }
    } finally {
      clearInterval(heartbeat);
      await rm(dir, { recursive: true, force: true });
    }
  }
}

async function removeEarlierAttempts(workDir: string, uploadId: string) {
  await mkdir(workDir, { recursive: true });
  for (const entry of await readdir(workDir)) {
    if (entry.startsWith(`${uploadId}-`)) await rm(join(workDir, entry), { recursive: true, force: true });
  }
}
