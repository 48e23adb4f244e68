/**
 * Every write the dapp makes goes through here, so that each shows the same states: the wallet moved to
 * the deployment's chain if it is elsewhere, the call simulated first (a refusal is explained before
 * the wallet asks anything), signed, sent (with its hash), confirmed, and then every query refreshed
 * (balances, rentals, the catalogue). A cancellation in the wallet leaves the page as it was.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type { Abi, Address, ContractFunctionArgs, ContractFunctionName, ContractFunctionParameters, Hex, TransactionReceipt, TypedDataDefinition } from "viem";
import { useConfig } from "wagmi";
import { getAccount, getBlock, readContract, signTypedData, simulateContract, switchChain, waitForTransactionReceipt, writeContract } from "wagmi/actions";

import { streamShareAbi } from "@streamspace/core/generated/contracts";
import { permitTypedData, splitPermitSignature } from "@streamspace/core/permit";

import type { DappConfig } from "../config.ts";
import { useTranslation } from "../i18n.ts";
import { describeFailure } from "./errors.ts";

export type TxState =
  | { step: "idle" }
  | { step: "switching" }
  | { step: "signing" }
  | { step: "pending"; hash: Hex }
  | { step: "confirmed"; hash?: Hex }
  | { step: "rejected" }
  | { step: "failed"; reason: string; hash?: Hex };

type Mutability = "nonpayable" | "payable";

/** What a flow may do inside `run`: sign typed data, and write calls (each simulated, then followed to its receipt). */
export interface TxSteps {
  account: Hex;
  signTypedData(data: TypedDataDefinition): Promise<Hex>;
  /** An EIP-2612 permit of SSH for `spender`, exactly `value`, valid 30 minutes by the chain's clock (which checks it). */
  signPermit(spender: Address, value: bigint): Promise<{ deadline: bigint; v: number; r: Hex; s: Hex }>;
  write<const abi extends Abi, name extends ContractFunctionName<abi, Mutability>, args extends ContractFunctionArgs<abi, Mutability, name>>(
    call: ContractFunctionParameters<abi, Mutability, name, args>,
  ): Promise<TransactionReceipt>;
}

export function useTransaction(config: DappConfig) {
  const wagmi = useConfig();
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  const [state, setState] = useState<TxState>({ step: "idle" });

  const run = useCallback(
    async (flow: (steps: TxSteps) => Promise<void>): Promise<boolean> => {
      let lastHash: Hex | undefined;
      try {
        const account = getAccount(wagmi);
        if (!account.address) throw new Error(t("wallet.connectFirst"));
        if (account.chainId !== config.chainId) {
          setState({ step: "switching" });
          await switchChain(wagmi, { chainId: config.chainId });
        }
        const steps: TxSteps = {
          account: account.address,
          async signTypedData(data) {
            setState({ step: "signing" });
            return signTypedData(wagmi, data as never);
          },
          async signPermit(spender, value) {
            const token = { address: config.contracts.StreamShare, abi: streamShareAbi } as const;
            const [name, nonce, block] = await Promise.all([
              readContract(wagmi, { ...token, functionName: "name" }),
              readContract(wagmi, { ...token, functionName: "nonces", args: [account.address!] }),
              getBlock(wagmi),
            ]);
            const deadline = block.timestamp + 30n * 60n;
            const signature = await steps.signTypedData(permitTypedData({ owner: account.address!, token: { address: token.address, name, nonce }, chainId: config.chainId, spender, value, deadline }));
            return { deadline, ...splitPermitSignature(signature) };
          },
          async write(call) {
            const { request } = await simulateContract(wagmi, { ...call, account: account.address, chainId: config.chainId } as never);
            setState({ step: "signing" });
            const hash = await writeContract(wagmi, request as never);
            lastHash = hash;
            setState({ step: "pending", hash });
            const receipt = await waitForTransactionReceipt(wagmi, { hash, chainId: config.chainId });
            if (receipt.status !== "success") throw new Error(t("errors.reverted"));
            return receipt;
          },
        };
        await flow(steps);
        setState({ step: "confirmed", hash: lastHash });
        await queryClient.invalidateQueries();
        return true;
      } catch (error) {
        const failure = describeFailure(error, t);
        setState(failure.rejected ? { step: "rejected" } : { step: "failed", reason: failure.reason, hash: lastHash });
        return false;
      }
    },
    [wagmi, config.chainId, config.contracts.StreamShare, queryClient, t],
  );

  const busy = state.step === "switching" || state.step === "signing" || state.step === "pending";
  return { state, run, busy, reset: () => setState({ step: "idle" }) };
}
