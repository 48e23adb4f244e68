/**
 * WalletConnect's connector (wagmi's own, with its provider and QR modal: Reown's AppKit), built apart
 * from the dapp (vite.walletconnect.config.ts, into dist/walletconnect.js): the dapp imports it by URL
 * only when a fan chooses WalletConnect, so none of it, nor anything it shares with the dapp, is part of
 * the first page.
 */
export { walletConnect } from "@wagmi/connectors/walletConnect";
