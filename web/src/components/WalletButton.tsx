import { useTranslation } from "react-i18next";
import { useAccount, useConnect, useDisconnect, useSwitchChain } from "wagmi";

import type { DappConfig } from "../config.ts";

/** Connects any injected wallet; shows the address, and a switch when the wallet is on another network. */
export function WalletButton({ config }: { config: DappConfig }) {
  const { t } = useTranslation();
  const { address, chainId, isConnected } = useAccount();
  const { connect, connectors, isPending, error } = useConnect();
  const { disconnect } = useDisconnect();
  const { switchChain } = useSwitchChain();
  if (isConnected && address) {
    const short = `${address.slice(0, 6)}…${address.slice(-4)}`;
    return (
      <div className="wallet">
        {chainId !== config.chainId ? (
          <button type="button" className="warning" onClick={() => switchChain({ chainId: config.chainId })} title={t("wallet.wrongChain")}>
            {t("wallet.switch", { chain: config.chainName })}
          </button>
        ) : null}
        <span className="address" title={address} aria-label={t("wallet.connected", { address })}>
          {short}
        </span>
        <button type="button" className="secondary" onClick={() => disconnect()}>
          {t("wallet.disconnect")}
        </button>
      </div>
    );
  }
  const connector = connectors[0];
  return (
    <div className="wallet">
      <button type="button" disabled={!connector || isPending} onClick={() => connector && connect({ connector, chainId: config.chainId })}>
        {isPending ? t("wallet.connecting") : t("wallet.connect")}
      </button>
      {error ? <span role="alert" className="error">{/provider not found/i.test(error.message) ? t("wallet.noWallet") : error.message.split("\n")[0]}</span> : null}
    </div>
  );
}
