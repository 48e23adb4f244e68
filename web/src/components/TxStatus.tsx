import type { DappConfig } from "../config.ts";
import { useTranslation } from "../i18n.ts";
import type { TxState } from "../transactions/useTransaction.ts";

/** A transaction's state as the fan reads it, announced to screen readers; the hash links to the explorer when the deployment has one. */
export function TxStatus({ state, config, confirmed }: { state: TxState; config: DappConfig; confirmed: string }) {
  const { t } = useTranslation();
  const hashOf = (hash: string) =>
    config.explorerUrl ? (
      <a href={`${config.explorerUrl.replace(/\/+$/, "")}/tx/${hash}`} target="_blank" rel="noreferrer">
        {t("tx.transaction", { hash: `${hash.slice(0, 10)}…` })}
      </a>
    ) : (
      <span className="mono" title={hash}>
        {t("tx.transaction", { hash: `${hash.slice(0, 10)}…` })}
      </span>
    );
  return (
    <p role="status" aria-live="polite" className={`tx ${state.step}`}>
      {state.step === "switching" ? t("tx.switching", { chain: config.chainName }) : null}
      {state.step === "signing" ? t("tx.signing") : null}
      {state.step === "pending" ? (
        <>
          {t("tx.pending")} {hashOf(state.hash)}
        </>
      ) : null}
      {state.step === "confirmed" ? confirmed : null}
      {state.step === "rejected" ? t("tx.rejected") : null}
      {state.step === "failed" ? (
        <span className="error">
          {t("tx.failed", { reason: state.reason })} {state.hash ? hashOf(state.hash) : null}
        </span>
      ) : null}
    </p>
  );
}
