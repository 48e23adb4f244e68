import { lazy, Suspense, useEffect, useState } from "react";
import { parseEventLogs } from "viem";
import { useAccount, useConfig } from "wagmi";
import { Link } from "wouter";

import type { FilmDetails } from "@streamspace/core/film-metadata";
import { filmRegistryAbi } from "@streamspace/core/generated/contracts";

import { callApi } from "../api.ts";
import { TxStatus } from "../components/TxStatus.tsx";
import type { DappConfig } from "../config.ts";
import { parseAmount } from "../data/prices.ts";
import { useTranslation } from "../i18n.ts";
import { useTransaction } from "../transactions/useTransaction.ts";
import { checkDetails, DetailsFields, EMPTY_DETAILS, posterOf } from "./DetailsFields.tsx";
import type { CheckedSplit, SplitRow } from "./split.ts";
import { type Progress, publishUpload, sendFiles, uploadState } from "./upload.ts";

const SplitEditor = lazy(() => import("./SplitEditor.tsx").then((m) => ({ default: m.SplitEditor })));

/** FilmRegistry's rental window bounds (RentalLimits.sol), in hours. */
const MIN_HOURS = 6;
const MAX_HOURS = 365 * 24;

type Step =
  | { step: "form" }
  | { step: "uploading"; progress: Progress }
  | { step: "packaging"; uploadId: string; stage: string; progress: number }
  | { step: "registering"; uploadId: string; metadataUri: string }
  | { step: "publishing"; uploadId: string; filmId: bigint }
  | { step: "done"; filmId: bigint }
  | { step: "failed"; reason: string; uploadId?: string; metadataUri?: string; filmId?: bigint };

/**
 * Publish a film: the master (and a trailer), the details in the fields IMDb asks of filmmakers,
 * subtitles, the price (USD or SSH) and rental window, and the rights holders' split; every field is
 * checked before anything is sent. Then the upload with its progress (resumable: choosing the same file
 * again continues it), the packaging's progress, one registration transaction (a USD price is set by a
 * second one, as FilmRegistry registers in SSH), and the film is made playable.
 */
export function PublishPage({ config }: { config: DappConfig }) {
  const { t, i18n } = useTranslation();
  const wagmi = useConfig();
  const { address } = useAccount();
  const tx = useTransaction(config);
  const [master, setMaster] = useState<File>();
  const [trailer, setTrailer] = useState<File>();
  const [subtitleFiles, setSubtitleFiles] = useState<{ file: File; language: string }[]>([]);
  const [poster, setPoster] = useState<File>();
  const [form, setForm] = useState(EMPTY_DETAILS);
  const [price, setPrice] = useState({ amount: "", currency: "USD" as "USD" | "SSH", hours: "48" });
  const [rows, setRows] = useState<SplitRow[]>([{ holder: address ?? "", percent: "100" }]);
  const [lockDate, setLockDate] = useState("");
  const [split, setSplit] = useState<CheckedSplit>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [step, setStep] = useState<Step>({ step: "form" });
  // The filmmaker is the first holder of 100% until told otherwise, also when the wallet connects after the page opened.
  useEffect(() => {
    if (address) setRows((r) => (r.length === 1 && !r[0]!.holder ? [{ holder: address, percent: r[0]!.percent }] : r));
  }, [address]);

  if (!address) {
    return (
      <section aria-labelledby="publish-title">
        <h1 id="publish-title">{t("studio.publish.title")}</h1>
        <p>{t("studio.connect")}</p>
      </section>
    );
  }
  const errorOf = (name: string) => (errors[name] ? <span id={`publish-${name}-error`} className="field-error">{errors[name]}</span> : null);

  /** Everything checked at once; the first wrong field gets the focus. */
  async function check(): Promise<{ details: FilmDetails; poster?: { contentType: string; data: string }; priceUnits: bigint; windowSeconds: bigint; lockedUntil: bigint } | undefined> {
    const found: Record<string, string> = {};
    const checked = checkDetails(form, t);
    if ("field" in checked) found[checked.field] = checked.error;
    const posterChecked = poster ? await posterOf(poster, t) : undefined;
    if (posterChecked && "error" in posterChecked) found.poster = posterChecked.error;
    if (!master) found.master = t("studio.publish.masterRequired");
    const priceUnits = parseAmount(price.amount, price.currency === "USD" ? 8 : 18) ?? 0n;
    if (priceUnits <= 0n) found.price = t("studio.publish.priceInvalid");
    const hours = Number(price.hours);
    if (!Number.isInteger(hours) || hours < MIN_HOURS || hours > MAX_HOURS) found.hours = t("studio.publish.hoursInvalid", { min: MIN_HOURS, max: MAX_HOURS });
    const lockedUntil = lockDate ? BigInt(Math.floor(new Date(`${lockDate}T00:00:00Z`).getTime() / 1000)) : 0n;
    if (!split?.split) found.split = t("studio.publish.splitInvalid");
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      setTimeout(() => (document.querySelector(first === "split" ? ".split-editor input" : `[aria-describedby="publish-${first}-error"]`) as HTMLElement | null)?.focus());
      return undefined;
    }
    return { details: (checked as { details: FilmDetails }).details, ...(posterChecked && "poster" in posterChecked ? { poster: posterChecked.poster } : {}), priceUnits, windowSeconds: BigInt(hours * 3600), lockedUntil };
  }

  async function publish() {
    const ok = await check();
    if (!ok || !master || !split?.split || !address) return;
    const recipients = split.split.recipients;
    const sharesBps = split.split.sharesBps;
    let uploadId: string | undefined;
    try {
      setStep({ step: "uploading", progress: { sent: 0, total: master.size + (trailer?.size ?? 0) } });
      const subtitles = await Promise.all(subtitleFiles.map(async (s) => ({ language: s.language, name: new Intl.DisplayNames([i18n.language], { type: "language" }).of(s.language) ?? s.language, text: await s.file.text() })));
      uploadId = await sendFiles({ wagmi, config, address, details: ok.details, master, trailer, subtitles, onProgress: (progress) => setStep({ step: "uploading", progress }) });
      // Packaging: followed until the metadata document is on IPFS.
      let state = await uploadState(wagmi, config, address, uploadId);
      while (state.status === "queued" || state.status === "packaging") {
        setStep({ step: "packaging", uploadId, stage: state.stage ?? "queued", progress: state.progress });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        state = await uploadState(wagmi, config, address, uploadId);
      }
      if (state.status === "failed") return setStep({ step: "failed", reason: t("studio.publish.packagingFailed", { reason: state.error ?? "" }) });
      if (state.status === "published" && state.filmId) return setStep({ step: "done", filmId: BigInt(state.filmId) });
      // The filmmaker's own poster replaces the frame the worker took, in a new document to register.
      const metadataUri = ok.poster ? (await callApi<{ metadataUri: string }>(wagmi, config, address, `/uploads/${uploadId}/metadata`, { details: ok.details, poster: ok.poster }, "PUT")).metadataUri : state.metadataUri!;
      await register(uploadId, metadataUri, ok, recipients, sharesBps);
    } catch (error) {
      setStep({ step: "failed", reason: (error as Error).message, uploadId });
    }
  }

  async function register(uploadId: string, metadataUri: string, terms: { priceUnits: bigint; windowSeconds: bigint; lockedUntil: bigint }, recipients: readonly `0x${string}`[], sharesBps: readonly number[]) {
    setStep({ step: "registering", uploadId, metadataUri });
    const registry = { address: config.contracts.FilmRegistry, abi: filmRegistryAbi } as const;
    let filmId: bigint | undefined;
    const sent = await tx.run(async ({ write }) => {
      // FilmRegistry registers an SSH price; a USD price is then set in its own transaction (the SSH
      // price in between is a placeholder nobody can buy at: the film is not published yet).
      const receipt = await write({ ...registry, functionName: "registerFilm", args: [metadataUri, price.currency === "SSH" ? terms.priceUnits : 1n, terms.windowSeconds, [...recipients], [...sharesBps], terms.lockedUntil] });
      filmId = parseEventLogs({ abi: filmRegistryAbi, logs: receipt.logs, eventName: "FilmRegistered" })[0]!.args.filmId;
      if (price.currency === "USD") await write({ ...registry, functionName: "setUsdTerms", args: [filmId, terms.priceUnits, terms.windowSeconds] });
    });
    if (!sent || filmId === undefined) return setStep({ step: "failed", reason: t("studio.publish.notRegistered"), uploadId, metadataUri, ...(filmId !== undefined ? { filmId } : {}) });
    await makePlayable(uploadId, filmId);
  }

  async function makePlayable(uploadId: string, filmId: bigint) {
    setStep({ step: "publishing", uploadId, filmId });
    try {
      await publishUpload(wagmi, config, address!, uploadId, filmId);
      setStep({ step: "done", filmId });
    } catch (error) {
      setStep({ step: "failed", reason: (error as Error).message, uploadId, filmId });
    }
  }

  const percent = (x: number) => new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 0 }).format(x);
  const mb = (bytes: number) => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(bytes / 1_048_576);
  const busy = step.step !== "form" && step.step !== "failed" && step.step !== "done";

  return (
    <section aria-labelledby="publish-title" className="publish">
      <p>
        <Link to="/studio">← {t("studio.title")}</Link>
      </p>
      <h1 id="publish-title">{t("studio.publish.title")}</h1>
      {step.step === "done" ? (
        <div className="notice" role="status">
          <p>{t("studio.publish.done")}</p>
          <Link className="button primary" to={`/films/${step.filmId}`}>
            {t("studio.publish.open")}
          </Link>
        </div>
      ) : null}
      {step.step === "uploading" ? (
        <div role="status">
          <label>
            {t("studio.publish.uploading", { sent: mb(step.progress.sent), total: mb(step.progress.total) })}
            <progress max={step.progress.total} value={step.progress.sent} />
          </label>
          <p className="meta">{t("studio.publish.resumeHelp")}</p>
        </div>
      ) : null}
      {step.step === "packaging" ? (
        <div role="status">
          <label>
            {t("studio.publish.packaging", { stage: t(`studio.publish.stages.${step.stage}`), progress: percent(step.progress) })}
            <progress max={1} value={step.progress} />
          </label>
        </div>
      ) : null}
      {step.step === "registering" || step.step === "publishing" ? (
        <p role="status">{step.step === "registering" ? t("studio.publish.registering") : t("studio.publish.publishing")}</p>
      ) : null}
      <TxStatus state={tx.state} config={config} confirmed={t("studio.publish.registered")} />
      {step.step === "failed" ? (
        <div role="alert" className="error">
          <p>{step.reason}</p>
          {step.filmId !== undefined && step.uploadId ? (
            <button type="button" className="primary" onClick={() => void makePlayable(step.uploadId!, step.filmId!)}>
              {t("studio.publish.retry")}
            </button>
          ) : null}
        </div>
      ) : null}

      <form
        aria-label={t("studio.publish.title")}
        hidden={step.step === "done"}
        onSubmit={(e) => {
          e.preventDefault();
          void publish();
        }}
      >
        <fieldset disabled={busy}>
          <legend>{t("studio.publish.files")}</legend>
          <label>
            {t("studio.publish.master")}
            <input type="file" accept="video/*" aria-describedby={errors.master ? "publish-master-error" : undefined} onChange={(e) => setMaster(e.target.files?.[0])} />
          </label>
          {errorOf("master")}
          <label>
            {t("studio.publish.trailer")}
            <input type="file" accept="video/*" onChange={(e) => setTrailer(e.target.files?.[0])} />
          </label>
          <label>
            {t("studio.publish.subtitles")}
            <input type="file" accept=".vtt,.srt,text/vtt" multiple onChange={(e) => setSubtitleFiles([...(e.target.files ?? [])].map((file) => ({ file, language: file.name.match(/\.([a-z]{2,3})\.(vtt|srt)$/i)?.[1]?.toLowerCase() ?? "en" })))} />
          </label>
          {subtitleFiles.map((s, i) => (
            <label key={s.file.name}>
              {t("studio.publish.subtitleLanguage", { file: s.file.name })}
              <input value={s.language} onChange={(e) => setSubtitleFiles((list) => list.map((x, j) => (j === i ? { ...x, language: e.target.value } : x)))} />
            </label>
          ))}
          <label>
            {t("studio.publish.poster")}
            <input type="file" accept="image/jpeg,image/png" aria-describedby={errors.poster ? "publish-poster-error" : "publish-poster-help"} onChange={(e) => setPoster(e.target.files?.[0])} />
          </label>
          {errorOf("poster")}
          <p className="meta" id="publish-poster-help">{t("studio.publish.posterHelp")}</p>
        </fieldset>

        <DetailsFields id="publish" form={form} onForm={setForm} errors={errors} disabled={busy} />

        <fieldset disabled={busy}>
          <legend>{t("studio.publish.terms")}</legend>
          <div className="inline">
            <label>
              {t("studio.publish.price")}
              <input inputMode="decimal" value={price.amount} aria-describedby={errors.price ? "publish-price-error" : undefined} onChange={(e) => setPrice((p) => ({ ...p, amount: e.target.value }))} />
            </label>
            <label>
              {t("studio.publish.currency")}
              <select value={price.currency} onChange={(e) => setPrice((p) => ({ ...p, currency: e.target.value as "USD" | "SSH" }))}>
                <option value="USD">USD</option>
                <option value="SSH">SSH</option>
              </select>
            </label>
            <label>
              {t("studio.publish.hours")}
              <input inputMode="numeric" value={price.hours} aria-describedby={errors.hours ? "publish-hours-error" : undefined} onChange={(e) => setPrice((p) => ({ ...p, hours: e.target.value }))} />
            </label>
          </div>
          {errorOf("price")}
          {errorOf("hours")}
          {price.currency === "USD" ? <p className="meta">{t("studio.publish.usdHelp")}</p> : null}
        </fieldset>

        <Suspense fallback={<p aria-busy="true">{t("catalogue.loading")}</p>}>
          <fieldset disabled={busy} className="plain">
            <SplitEditor rows={rows} onRows={setRows} lockDate={lockDate} onLockDate={setLockDate} onChecked={setSplit} />
          </fieldset>
        </Suspense>
        {errorOf("split")}

        <button type="submit" className="primary" disabled={busy}>
          {t("studio.publish.submit")}
        </button>
      </form>
    </section>
  );
}
