import { useEffect, useId, useState } from "react";
import type { Address } from "viem";
import { useConfig } from "wagmi";
import { getEnsAddress } from "wagmi/actions";
import { normalize } from "viem/ens";

import { useTranslation } from "../i18n.ts";
import { type CheckedSplit, checkSplit, evenSplit, isEnsName, MAX_HOLDERS, type SplitRow } from "./split.ts";

/**
 * The rights holders' editor: up to 50 rows of holder (address or ENS name) and percentage, each row's
 * mistake named beside it, the running total, "split evenly", and a lock date before which the split
 * cannot change. ENS names are looked up on the deployment's chain; where it has no ENS the row says to
 * paste the address instead. The parent receives the checked split on every change.
 */
export function SplitEditor({ rows, onRows, lockDate, onLockDate, onChecked }: {
  rows: SplitRow[];
  onRows: (rows: SplitRow[]) => void;
  lockDate: string;
  onLockDate: (date: string) => void;
  onChecked: (checked: CheckedSplit) => void;
}) {
  const { t, i18n } = useTranslation();
  const wagmi = useConfig();
  const id = useId();
  const [resolved, setResolved] = useState<Record<string, Address | null>>({});
  const checked = checkSplit(rows, resolved);

  // Names looked up once each.
  const names = rows.map((r) => r.holder.trim().toLowerCase()).filter((h) => isEnsName(h) && !(h in resolved));
  useEffect(() => {
    for (const name of new Set(names)) {
      getEnsAddress(wagmi, { name: normalize(name) })
        .catch(() => null)
        .then((address) => setResolved((r) => ({ ...r, [name]: address ?? null })));
    }
  }, [names.join(","), wagmi]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => onChecked(checked), [JSON.stringify(checked)]); // eslint-disable-line react-hooks/exhaustive-deps

  const set = (i: number, change: Partial<SplitRow>) => onRows(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const percent = (bps: number) => new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 2 }).format(bps / 10_000);
  return (
    <fieldset className="split-editor">
      <legend>{t("studio.split.title")}</legend>
      <p className="meta">{t("studio.split.help", { max: MAX_HOLDERS })}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("studio.split.holder")}</th>
            <th scope="col">{t("studio.split.percent")}</th>
            <th scope="col"><span className="visually-hidden">{t("studio.split.remove")}</span></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            // A row's mistake is shown once something is typed in it.
            const error = row.holder || row.percent ? checked.rows[i]?.error : undefined;
            const errorId = `${id}-error-${i}`;
            return (
              <tr key={i}>
                <td>
                  <input
                    aria-label={t("studio.split.holderN", { n: i + 1 })}
                    value={row.holder}
                    spellCheck={false}
                    placeholder="0x… / name.eth"
                    aria-invalid={Boolean(error && row.holder)}
                    aria-describedby={error ? errorId : undefined}
                    onChange={(e) => set(i, { holder: e.target.value })}
                  />
                  {error ? (
                    <span id={errorId} className="field-error">
                      {t(`studio.split.errors.${error}`)}
                    </span>
                  ) : null}
                </td>
                <td>
                  <input
                    aria-label={t("studio.split.percentN", { n: i + 1 })}
                    value={row.percent}
                    inputMode="decimal"
                    className="percent"
                    onChange={(e) => set(i, { percent: e.target.value })}
                  />
                  %
                </td>
                <td>
                  <button type="button" className="secondary" disabled={rows.length === 1} onClick={() => onRows(rows.filter((_, j) => j !== i))} aria-label={t("studio.split.removeN", { n: i + 1 })}>
                    ×
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className={checked.error ? "field-error" : "meta"} role="status">
        {t("studio.split.total", { total: percent(checked.totalBps) })}
        {checked.error ? ` — ${t(`studio.split.errors.${checked.error}`)}` : ""}
      </p>
      <div className="actions">
        <button type="button" className="secondary" disabled={rows.length >= MAX_HOLDERS} onClick={() => onRows([...rows, { holder: "", percent: "" }])}>
          {t("studio.split.add")}
        </button>
        <button type="button" className="secondary" onClick={() => onRows(rows.map((r, i) => ({ ...r, percent: evenSplit(rows.length)[i]! })))}>
          {t("studio.split.even")}
        </button>
      </div>
      <label>
        {t("studio.split.lock")}
        <input type="date" value={lockDate} onChange={(e) => onLockDate(e.target.value)} />
      </label>
      <p className="meta">{t("studio.split.lockHelp")}</p>
    </fieldset>
  );
}
