import { useState } from "react";
import { useAccount, useConnect, useDisconnect, useSwitchChain } from "wagmi";

import type { DappConfig } from "../config.ts";
import { GUEST_CONNECTOR_ID } from "../wallets/guest/connector.ts";
import { guestAddress } from "../wallets/guest/record.ts";
import { useTranslation } from "../i18n.ts";
import { describeFailure } from "../transactions/errors.ts";

/**
 * Connects a wallet: each injected wallet the browser announces (EIP-6963) or `window.ethereum`, and the
 * guest wallet if this browser has one; shows the address, and a switch when the wallet is on another
 * network. A cancelled connection changes nothing and says nothing.
 */
export function WalletButton({ config }: { config: DappConfig }) {
  const { t } = useTranslation();
  const { address, chainId, isConnected, connector: current } = useAccount();
  const { connect, connectors, isPending, error } = useConnect();
  const { disconnect } = useDisconnect();
  const { switchChain, error: switchError } = useSwitchChain();
  const [choosing, setChoosing] = useState(false);
  if (isConnected && address) {
    const short = `${address.slice(0, 6)}…${address.slice(-4)}`;
    const switchFailure = switchError ? describeFailure(switchError, t) : undefined;
    return (
      <div className="wallet">
        {chainId !== config.chainId ? (
          <>
            <span className="warning-text" role="alert">
              {t("wallet.wrongChain")}
            </span>
            <button type="button" className="warning" onClick={() => switchChain({ chainId: config.chainId })}>
              {t("wallet.switch", { chain: config.chainName })}
            </button>
            {switchFailure && !switchFailure.rejected ? <span className="error">{switchFailure.reason}</span> : null}
          </>
        ) : null}
        <span className="address" title={address} aria-label={t("wallet.connected", { address })}>
          {current?.id === GUEST_CONNECTOR_ID ? `${t("wallet.guest")} ` : ""}
          {short}
        </span>
        <button type="button" className="secondary" onClick={() => disconnect()}>
          {t("wallet.disconnect")}
        </button>
      </div>
    );
  }
  const candidates = connectors.filter((c) => c.id !== GUEST_CONNECTOR_ID || guestAddress());
  const nameOf = (c: (typeof connectors)[number]) => (c.id === GUEST_CONNECTOR_ID ? t("wallet.guestWallet") : c.name === "Injected" ? t("wallet.browserWallet") : c.name);
  const use = (c: (typeof connectors)[number]) => {
    setChoosing(false);
    connect({ connector: c });
  };
  const failure = error ? describeFailure(error, t) : undefined;
  return (
    <div className="wallet">
      <button
        type="button"
        aria-expanded={candidates.length > 1 ? choosing : undefined}
        disabled={candidates.length === 0 || isPending}
        onClick={() => (candidates.length === 1 ? use(candidates[0]!) : setChoosing(!choosing))}
      >
        {isPending ? t("wallet.connecting") : t("wallet.connect")}
      </button>
      {choosing ? (
        <ul className="menu" aria-label={t("wallet.choose")} onKeyDown={(e) => e.key === "Escape" && setChoosing(false)}>
          {candidates.map((c) => (
            <li key={c.uid}>
              <button type="button" className="secondary" onClick={() => use(c)}>
                {c.icon ? <img src={c.icon} alt="" width={16} height={16} /> : null} {nameOf(c)}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {failure && !failure.rejected ? (
        <span role="alert" className="error">
          {/provider not found/i.test(failure.reason) ? t("wallet.noWallet") : failure.reason}
        </span>
      ) : null}
    </div>
  );
}
