import { useState } from "react";
import { type Hex, isHex, size } from "viem";
import { useAccount, useConfig, useReadContracts } from "wagmi";
import { readContract } from "wagmi/actions";

import { curatorStakingAbi, streamShareAbi } from "@streamspace/core/generated/contracts";
import type { CuratorStakeRow } from "@streamspace/core/subgraph-curation";

import { TxStatus } from "../components/TxStatus.tsx";
import type { DappConfig } from "../config.ts";
import { useChainNow } from "../data/chain-time.ts";
import { formatSshAmount, parseAmount } from "../data/prices.ts";
import { useTranslation } from "../i18n.ts";
import { useTransaction } from "../transactions/useTransaction.ts";

const DAY = 86_400;

const amountOf = (text: string) => parseAmount(text, 18) ?? 0n;

/**
 * What a curator does, loaded when the curation page opens (it brings the contracts' ABIs and the
 * transaction flow): register a node, and for each fragment its nodes hold the accruing reward with T,
 * V and P read from CuratorStaking, stake (one permit; not before the holding time, said before anything
 * is signed), claim, request an unstake, withdraw after the unbonding delay.
 */
export function CuratorActions({ config, stakes, titleOf }: { config: DappConfig; stakes: CuratorStakeRow[]; titleOf: (film: { filmId: string; metadataURI: string }) => string }) {
  const { t, i18n } = useTranslation();
  const wagmi = useConfig();
  const { address } = useAccount();
  const chainNow = useChainNow();
  const tx = useTransaction(config);
  const staking = { address: config.contracts.CuratorStaking, abi: curatorStakingAbi } as const;
  const [node, setNode] = useState({ publicKey: "", signature: "" });
  const [nodeError, setNodeError] = useState<string>();
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [rowError, setRowError] = useState<{ id: string; message: string }>();
  const pending = useReadContracts({
    contracts: stakes.map((s) => ({ ...staking, functionName: "pendingReward", args: [s.node.id as Hex, BigInt(s.fragment.film.filmId), s.fragment.contentId as Hex] }) as const),
    query: { enabled: stakes.length > 0, refetchInterval: 10_000 },
  });
  const ssh = (wei: bigint) => `${formatSshAmount(wei, i18n.language)} SSH`;
  const date = (s: number) => new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" }).format(new Date(s * 1000));
  const number = (x: number, digits = 2) => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: digits }).format(x);

  function register() {
    const key = node.publicKey.trim() as Hex;
    const signature = node.signature.trim() as Hex;
    if (!isHex(key) || size(key) !== 64) return setNodeError(t("curation.nodes.badKey"));
    if (!isHex(signature) || size(signature) !== 65) return setNodeError(t("curation.nodes.badSignature"));
    setNodeError(undefined);
    void tx.run(async ({ write }) => void (await write({ ...staking, functionName: "registerNode", args: [key, signature] })));
  }

  async function stake(s: CuratorStakeRow) {
    const amount = amountOf(amounts[s.id] ?? "");
    const balance = await readContract(wagmi, { address: config.contracts.StreamShare, abi: streamShareAbi, functionName: "balanceOf", args: [address!] });
    let problem: string | undefined;
    if (s.status !== "Held") problem = t("curation.positions.notHeld");
    else if (chainNow() < Number(s.stakeableAt)) problem = t("curation.positions.holdingTime", { date: date(Number(s.stakeableAt)) });
    else if (amount <= 0n) problem = t("curation.positions.notAmount");
    else if (amount > balance) problem = t("curation.positions.balance", { balance: ssh(balance) });
    setRowError(problem ? { id: s.id, message: problem } : undefined);
    if (problem) return;
    const done = await tx.run(async ({ signPermit, write }) => {
      const permit = await signPermit(staking.address, amount);
      await write({ ...staking, functionName: "stakeWithPermit", args: [s.node.id as Hex, BigInt(s.fragment.film.filmId), s.fragment.contentId as Hex, amount, permit.deadline, permit.v, permit.r, permit.s] });
    });
    if (done) setAmounts((a) => ({ ...a, [s.id]: "" }));
  }

  function unstake(s: CuratorStakeRow) {
    const amount = amountOf(amounts[s.id] ?? "");
    const staked = BigInt(s.amount);
    const problem = amount <= 0n ? t("curation.positions.notAmount") : amount > staked ? t("curation.positions.aboveStake", { staked: ssh(staked) }) : undefined;
    setRowError(problem ? { id: s.id, message: problem } : undefined);
    if (problem) return;
    void tx.run(async ({ write }) => void (await write({ ...staking, functionName: "requestUnstake", args: [s.node.id as Hex, BigInt(s.fragment.film.filmId), s.fragment.contentId as Hex, amount] })));
  }

  const call = (s: CuratorStakeRow, functionName: "claim" | "withdraw") =>
    void tx.run(async ({ write }) => void (await write({ ...staking, functionName, args: [s.node.id as Hex, BigInt(s.fragment.film.filmId), s.fragment.contentId as Hex] })));

  return (
    <>
      <TxStatus state={tx.state} config={config} confirmed={t("curation.done")} />
      <fieldset disabled={tx.busy}>
        <legend>{t("curation.nodes.register")}</legend>
        <p className="meta">{t("curation.nodes.help")}</p>
        <label>
          {t("curation.nodes.publicKey")}
          <input value={node.publicKey} spellCheck={false} placeholder="0x…" onChange={(e) => setNode({ ...node, publicKey: e.target.value })} />
        </label>
        <label>
          {t("curation.nodes.signature")}
          <input value={node.signature} spellCheck={false} placeholder="0x…" onChange={(e) => setNode({ ...node, signature: e.target.value })} />
        </label>
        {nodeError ? <p className="field-error" role="alert">{nodeError}</p> : null}
        <button type="button" className="primary" onClick={register}>
          {t("curation.nodes.registerButton")}
        </button>
      </fieldset>

      <h2>{t("curation.positions.title")}</h2>
      <p className="meta">{t("curation.positions.formula")}</p>
      {stakes.length === 0 ? <p>{t("curation.positions.none")}</p> : null}
      {stakes.map((s, i) => {
        const [reward, coinAge, value, popularity] = (pending.data?.[i]?.result as readonly [bigint, bigint, bigint, bigint] | undefined) ?? [0n, 0n, 0n, 0n];
        const label = `${titleOf(s.fragment.film)} · ${s.fragment.contentId.slice(0, 10)}…`;
        const now = chainNow();
        const withdrawable = (BigInt(s.unbonding) > 0n && now >= Number(s.unlocksAt)) || (BigInt(s.released) > 0n && now >= Number(s.releasedAt));
        return (
          <article key={s.id} className="manage" aria-label={label}>
            <h3>{label}</h3>
            <p className="meta">
              {t(`curation.statuses.${s.status}`)} · {t("curation.positions.heldSince", { date: date(Number(s.heldSince)) })}
              {now < Number(s.stakeableAt) ? ` · ${t("curation.positions.stakeableAt", { date: date(Number(s.stakeableAt)) })}` : ""}
            </p>
            <dl className="totals">
              <dt>{t("curation.positions.staked")}</dt>
              <dd data-testid="staked">{ssh(BigInt(s.amount))}</dd>
              <dt>T</dt>
              <dd>{t("curation.positions.days", { days: number(Number(coinAge) / DAY, 3) })}</dd>
              <dt>V</dt>
              <dd>{ssh(value)}</dd>
              <dt>P</dt>
              <dd>{number(Number(popularity / 10n ** 12n) / 1e6, 3)}</dd>
              <dt>{t("curation.positions.reward")}</dt>
              <dd data-testid="reward">{ssh(reward + BigInt(s.owed))}</dd>
              {BigInt(s.unbonding) > 0n ? (
                <>
                  <dt>{t("curation.unbonding")}</dt>
                  <dd>{t("curation.positions.unlocks", { amount: ssh(BigInt(s.unbonding)), date: date(Number(s.unlocksAt)) })}</dd>
                </>
              ) : null}
              {BigInt(s.released) > 0n ? (
                <>
                  <dt>{t("curation.positions.released")}</dt>
                  <dd>{t("curation.positions.unlocks", { amount: ssh(BigInt(s.released)), date: date(Number(s.releasedAt)) })}</dd>
                </>
              ) : null}
            </dl>
            {s.status !== "Held" ? <p className="meta" id={`${s.id}-not-held`}>{t("curation.positions.notHeld")}</p> : null}
            <fieldset disabled={tx.busy}>
              <div className="inline">
                <label>
                  {t("curation.positions.amount")}
                  <input inputMode="decimal" value={amounts[s.id] ?? ""} onChange={(e) => setAmounts({ ...amounts, [s.id]: e.target.value })} />
                </label>
                {/* A fragment not held (unattested, or slashed after a failed audit) takes no stake: said, not offered. */}
                <button type="button" className="primary" disabled={s.status !== "Held"} aria-describedby={s.status !== "Held" ? `${s.id}-not-held` : undefined} onClick={() => void stake(s)}>
                  {t("curation.positions.stake")}
                </button>
                <button type="button" className="secondary" disabled={BigInt(s.amount) === 0n} onClick={() => unstake(s)}>
                  {t("curation.positions.unstake")}
                </button>
                <button type="button" className="secondary" disabled={reward + BigInt(s.owed) === 0n} onClick={() => call(s, "claim")}>
                  {t("curation.positions.claim")}
                </button>
                <button type="button" className="secondary" disabled={!withdrawable} onClick={() => call(s, "withdraw")}>
                  {t("curation.positions.withdraw")}
                </button>
              </div>
              {rowError?.id === s.id ? <p className="field-error" role="alert">{rowError.message}</p> : null}
            </fieldset>
          </article>
        );
      })}

    </>
  );
}
