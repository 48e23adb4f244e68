import { useState } from "react";
import type { Address } from "viem";
import { useDisconnect } from "wagmi";

import { useTranslation } from "../../i18n.ts";

/**
 * What a guest wallet is, in plain words, with its key to export (to import into a wallet of the fan's
 * own, which then holds the same rentals and SSH) and the way to use another wallet instead.
 */
export function GuestWalletPanel({ address }: { address: Address }) {
  const { t } = useTranslation();
  const { disconnect } = useDisconnect();
  const [key, setKey] = useState<string | undefined>();
  const [error, setError] = useState("");
  return (
    <div className="panel guest" aria-labelledby="guest-title">
      <h2 id="guest-title">{t("guest.title")}</h2>
      <p>{t("guest.explain")}</p>
      <p className="mono" title={address}>
        {address}
      </p>
      {key ? (
        <div className="notice">
          <p>{t("guest.keyWarning")}</p>
          <p>
            <code className="mono" aria-label={t("guest.privateKey")}>
              {key}
            </code>
          </p>
          <button type="button" className="secondary" onClick={() => void navigator.clipboard?.writeText(key)}>
            {t("guest.copy")}
          </button>{" "}
          <button type="button" className="secondary" onClick={() => setKey(undefined)}>
            {t("guest.hide")}
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="secondary"
          onClick={() =>
            void import("./vault.ts")
              .then((vault) => vault.guestPrivateKey())
              .then(setKey, (e: Error) => setError(e.message))
          }
        >
          {t("guest.export")}
        </button>
      )}{" "}
      <button type="button" className="secondary" onClick={() => disconnect()}>
        {t("guest.useOwnWallet")}
      </button>
      <p className="meta">{t("guest.switchExplain")}</p>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
