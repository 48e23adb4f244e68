import { lazy, Suspense, useState } from "react";
import { formatUnits, getAddress, isAddress, zeroAddress } from "viem";
import { useAccount, useConfig } from "wagmi";
import { Link } from "wouter";

import type { FilmMetadata } from "@streamspace/core/film-metadata";
import { filmRegistryAbi } from "@streamspace/core/generated/contracts";
import type { StudioFilm } from "@streamspace/core/subgraph-studio";

import { callApi } from "../api.ts";
import { TxStatus } from "../components/TxStatus.tsx";
import type { DappConfig } from "../config.ts";
import { useChainNow } from "../data/chain-time.ts";
import { parseAmount } from "../data/prices.ts";
import { useTranslation } from "../i18n.ts";
import { useTransaction } from "../transactions/useTransaction.ts";
import { EditDetails } from "./EditDetails.tsx";
import type { CheckedSplit, SplitRow } from "./split.ts";

const SplitEditor = lazy(() => import("./SplitEditor.tsx").then((m) => ({ default: m.SplitEditor })));

/** FilmRegistry.FilmStatus. */
const STATUS = { Active: 1, Delisted: 2, Deleted: 3 } as const;

/**
 * One film's management: its details and poster, its terms (price in USD or SSH, rental window), listed or delisted, its split
 * (unless locked or managed by a crowdfund), handing it over to another wallet (who accepts), and
 * deletion with its consequences spelled out and confirmed by typing the title. For a film offered to
 * this wallet: accept it.
 */
export function ManageFilm({ config, film, title, metadata, offered = false }: { config: DappConfig; film: StudioFilm; title: string; metadata?: FilmMetadata; offered?: boolean }) {
  const { t, i18n } = useTranslation();
  const wagmi = useConfig();
  const { address } = useAccount();
  const chainNow = useChainNow();
  const tx = useTransaction(config);
  const registry = { address: config.contracts.FilmRegistry, abi: filmRegistryAbi } as const;
  const filmId = BigInt(film.filmId);
  const [terms, setTerms] = useState({
    amount: formatUnits(BigInt(film.price), film.priceInUsd ? 8 : 18),
    currency: film.priceInUsd ? "USD" : "SSH",
    hours: String(Number(film.rentalWindow) / 3600),
  });
  const [termsError, setTermsError] = useState<string>();
  const [newOwner, setNewOwner] = useState("");
  const [ownerError, setOwnerError] = useState<string>();
  const [rows, setRows] = useState<SplitRow[]>(film.split.recipients.map((r, i) => ({ holder: getAddress(r), percent: String(film.split.sharesBps[i]! / 100) })));
  const [lockDate, setLockDate] = useState("");
  const [split, setSplit] = useState<CheckedSplit>();
  const [editingSplit, setEditingSplit] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState("");
  const [deleting, setDeleting] = useState(false);
  const [deleted, setDeleted] = useState<string>();
  const headingId = `manage-${film.filmId}`;

  if (offered) {
    return (
      <article className="manage" aria-labelledby={headingId}>
        <h3 id={headingId}>{title}</h3>
        <p>{t("studio.offeredHelp", { from: `${film.owner.id.slice(0, 6)}…${film.owner.id.slice(-4)}` })}</p>
        <button type="button" className="primary" disabled={tx.busy} onClick={() => void tx.run(async ({ write }) => void (await write({ ...registry, functionName: "acceptFilmOwnership", args: [filmId] })))}>
          {t("studio.accept")}
        </button>
        <TxStatus state={tx.state} config={config} confirmed={t("studio.accepted")} />
      </article>
    );
  }

  function saveTerms() {
    const units = parseAmount(terms.amount, terms.currency === "USD" ? 8 : 18) ?? 0n;
    const hours = Number(terms.hours);
    if (units <= 0n) return setTermsError(t("studio.publish.priceInvalid"));
    if (!Number.isInteger(hours) || hours < 6 || hours > 365 * 24) return setTermsError(t("studio.publish.hoursInvalid", { min: 6, max: 365 * 24 }));
    setTermsError(undefined);
    void tx.run(async ({ write }) => {
      const window = BigInt(hours * 3600);
      if (terms.currency === "USD") await write({ ...registry, functionName: "setUsdTerms", args: [filmId, units, window] });
      else await write({ ...registry, functionName: "setTerms", args: [filmId, units, window] });
    });
  }

  function handOver() {
    const to = newOwner.trim();
    if (!isAddress(to, { strict: false })) return setOwnerError(t("studio.split.errors.badAddress"));
    if (!isAddress(to, { strict: true })) return setOwnerError(t("studio.split.errors.badChecksum"));
    if (getAddress(to) === zeroAddress) return setOwnerError(t("studio.split.errors.zeroAddress"));
    if (getAddress(to) === address) return setOwnerError(t("studio.alreadyYours"));
    setOwnerError(undefined);
    void tx.run(async ({ write }) => void (await write({ ...registry, functionName: "transferFilmOwnership", args: [filmId, getAddress(to)] })));
  }

  function saveSplit() {
    if (!split?.split) return;
    const lockedUntil = lockDate ? BigInt(Math.floor(new Date(`${lockDate}T00:00:00Z`).getTime() / 1000)) : 0n;
    void tx.run(async ({ write }) => void (await write({ ...registry, functionName: "setSplit", args: [filmId, [...split.split!.recipients], [...split.split!.sharesBps], lockedUntil] })));
  }

  async function remove() {
    setDeleting(true);
    // On-chain first (nobody can buy it any more, and the key server refuses it), then the key is destroyed.
    const marked = await tx.run(async ({ write }) => void (await write({ ...registry, functionName: "setStatus", args: [filmId, STATUS.Deleted] })));
    if (marked) {
      try {
        await callApi(wagmi, config, address!, `/films/${filmId}`, undefined, "DELETE");
        setDeleted(t("studio.deleted"));
      } catch (error) {
        setDeleted(t("studio.deleteContentFailed", { reason: (error as Error).message }));
      }
    }
    setDeleting(false);
  }

  const locked = Number(film.split.lockedUntil) > chainNow();
  const managed = film.splitManager !== null && film.splitManager !== zeroAddress;
  return (
    <article className="manage" aria-labelledby={headingId}>
      <h3 id={headingId}>{t("studio.manageFilm", { title })}</h3>
      <TxStatus state={tx.state} config={config} confirmed={t("studio.saved")} />
      {deleted ? <p role="status">{deleted}</p> : null}

      <fieldset>
        <legend>{t("studio.details")}</legend>
        <EditDetails config={config} filmId={filmId} metadata={metadata} tx={tx} />
      </fieldset>

      <fieldset disabled={tx.busy}>
        <legend>{t("studio.terms")}</legend>
        <div className="inline">
          <label>
            {t("studio.publish.price")}
            <input inputMode="decimal" value={terms.amount} onChange={(e) => setTerms({ ...terms, amount: e.target.value })} />
          </label>
          <label>
            {t("studio.publish.currency")}
            <select value={terms.currency} onChange={(e) => setTerms({ ...terms, currency: e.target.value })}>
              <option value="USD">USD</option>
              <option value="SSH">SSH</option>
            </select>
          </label>
          <label>
            {t("studio.publish.hours")}
            <input inputMode="numeric" value={terms.hours} onChange={(e) => setTerms({ ...terms, hours: e.target.value })} />
          </label>
        </div>
        {termsError ? <p className="field-error" role="alert">{termsError}</p> : null}
        <button type="button" className="primary" onClick={saveTerms}>
          {t("studio.saveTerms")}
        </button>
      </fieldset>

      <fieldset disabled={tx.busy}>
        <legend>{t("studio.listing")}</legend>
        <p>{t(`studio.listingHelp.${film.status}`)}</p>
        <button
          type="button"
          className="secondary"
          onClick={() => void tx.run(async ({ write }) => void (await write({ ...registry, functionName: "setStatus", args: [filmId, film.status === "Active" ? STATUS.Delisted : STATUS.Active] })))}
        >
          {film.status === "Active" ? t("studio.delist") : t("studio.relist")}
        </button>
      </fieldset>

      <fieldset disabled={tx.busy}>
        <legend>{t("studio.split.title")}</legend>
        {managed ? <p>{t("studio.splitManaged")}</p> : null}
        {!managed && locked ? <p>{t("studio.splitLocked", { date: new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" }).format(new Date(Number(film.split.lockedUntil) * 1000)) })}</p> : null}
        {!managed && !locked && !editingSplit ? (
          <button type="button" className="secondary" onClick={() => setEditingSplit(true)}>
            {t("studio.editSplit")}
          </button>
        ) : null}
        {!managed && !locked && editingSplit ? (
          <Suspense fallback={<p aria-busy="true">{t("catalogue.loading")}</p>}>
            <SplitEditor rows={rows} onRows={setRows} lockDate={lockDate} onLockDate={setLockDate} onChecked={setSplit} />
            <button type="button" className="primary" disabled={!split?.split} onClick={saveSplit}>
              {t("studio.saveSplit")}
            </button>
          </Suspense>
        ) : null}
      </fieldset>

      <fieldset>
        <legend>{t("studio.crowdfund")}</legend>
        <p>{t("studio.crowdfundHelp")}</p>
        {managed ? <p>{t("studio.crowdfundRunning")}</p> : <Link className="button secondary" to={`/studio/crowdfund/${film.filmId}`}>{t("studio.launchCrowdfund")}</Link>}
      </fieldset>

      <fieldset disabled={tx.busy}>
        <legend>{t("studio.handOver")}</legend>
        {film.pendingOwner ? <p>{t("studio.pendingOwner", { to: getAddress(film.pendingOwner) })}</p> : null}
        <label>
          {t("studio.newOwner")}
          <input value={newOwner} spellCheck={false} placeholder="0x…" aria-invalid={Boolean(ownerError)} onChange={(e) => setNewOwner(e.target.value)} />
        </label>
        {ownerError ? <p className="field-error" role="alert">{ownerError}</p> : null}
        <p className="meta">{t("studio.handOverHelp")}</p>
        <button type="button" className="secondary" onClick={handOver}>
          {t("studio.handOverButton")}
        </button>
      </fieldset>

      <fieldset disabled={tx.busy || deleting || managed} className="danger">
        <legend>{t("studio.delete")}</legend>
        <p>{managed ? t("studio.deleteManaged") : t("studio.deleteConsequences")}</p>
        <label>
          {t("studio.deleteConfirm", { title })}
          <input value={confirmDelete} onChange={(e) => setConfirmDelete(e.target.value)} />
        </label>
        <button type="button" className="danger" disabled={confirmDelete.trim() !== title} onClick={() => void remove()}>
          {t("studio.deleteButton")}
        </button>
      </fieldset>
    </article>
  );
}
