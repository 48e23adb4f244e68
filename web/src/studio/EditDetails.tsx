import { useState } from "react";
import { useAccount, useConfig } from "wagmi";

import type { FilmMetadata } from "@streamspace/core/film-metadata";
import { filmRegistryAbi } from "@streamspace/core/generated/contracts";

import { callApi } from "../api.ts";
import { type DappConfig, gatewayUrl } from "../config.ts";
import { useTranslation } from "../i18n.ts";
import type { useTransaction } from "../transactions/useTransaction.ts";
import { checkDetails, DetailsFields, formOfDetails, posterOf } from "./DetailsFields.tsx";

/**
 * A published film's details and poster, edited: checked as the functions check them, then the
 * functions write the new document (keeping the package) and one transaction points the film to it
 * (`setMetadataURI`). Until that transaction, nothing a fan sees has changed.
 */
export function EditDetails({ config, filmId, metadata, tx }: { config: DappConfig; filmId: bigint; metadata: FilmMetadata | undefined; tx: ReturnType<typeof useTransaction> }) {
  const { t } = useTranslation();
  const wagmi = useConfig();
  const { address } = useAccount();
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState<ReturnType<typeof formOfDetails>>();
  const [poster, setPoster] = useState<File>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const id = `film-${filmId}-details`;

  if (!metadata) return <p>{t("studio.detailsUnavailable")}</p>;
  if (!editing || !form) {
    return (
      <button type="button" className="secondary" onClick={() => (setForm(formOfDetails(metadata)), setEditing(true))}>
        {t("studio.editDetails")}
      </button>
    );
  }

  async function save() {
    const found: Record<string, string> = {};
    const checked = checkDetails(form!, t);
    if ("field" in checked) found[checked.field] = checked.error;
    const posterChecked = poster ? await posterOf(poster, t) : undefined;
    if (posterChecked && "error" in posterChecked) found.poster = posterChecked.error;
    setErrors(found);
    setFailure(undefined);
    const first = Object.keys(found)[0];
    if (first || !("details" in checked) || !address) {
      setTimeout(() => (document.querySelector(`[aria-describedby="${id}-${first}-error"]`) as HTMLElement | null)?.focus());
      return;
    }
    let metadataUri: string;
    try {
      const body = { details: checked.details, ...(posterChecked && "poster" in posterChecked ? { poster: posterChecked.poster } : {}) };
      ({ metadataUri } = await callApi<{ metadataUri: string }>(wagmi, config, address, `/films/${filmId}/metadata`, body, "PUT"));
    } catch (error) {
      return setFailure((error as Error).message);
    }
    const sent = await tx.run(async ({ write }) => void (await write({ address: config.contracts.FilmRegistry, abi: filmRegistryAbi, functionName: "setMetadataURI", args: [filmId, metadataUri] })));
    if (sent) setEditing(false);
  }

  return (
    <div className="edit-details">
      <p className="meta">{t("studio.detailsHelp")}</p>
      <figure className="poster-preview">
        <img src={gatewayUrl(config, metadata.poster)} alt="" width={120} />
        <figcaption>{t("studio.currentPoster")}</figcaption>
      </figure>
      <label>
        {t("studio.publish.poster")}
        <input type="file" accept="image/jpeg,image/png" aria-describedby={errors.poster ? `${id}-poster-error` : undefined} onChange={(e) => setPoster(e.target.files?.[0])} />
      </label>
      {errors.poster ? <span id={`${id}-poster-error`} className="field-error">{errors.poster}</span> : null}
      <DetailsFields id={id} form={form} onForm={(update) => setForm((f) => update(f!))} errors={errors} disabled={tx.busy} />
      {failure ? <p role="alert" className="error">{failure}</p> : null}
      <button type="button" className="primary" disabled={tx.busy} onClick={() => void save()}>
        {t("studio.saveDetails")}
      </button>
    </div>
  );
}
