/**
 * Why something failed, in the fan's words: a cancellation in the wallet, the contract's custom error
 * (decoded by viem from the ABI, explained by the catalogue's `errors.<Name>`), or viem's short message.
 */
import { BaseError, ContractFunctionRevertedError, UserRejectedRequestError } from "viem";

import type { Translate } from "../i18n.ts";

export type Failure = { rejected: true } | { rejected: false; reason: string };

/** EIP-1193's "user rejected the request", whichever library wrapped it. */
function isRejection(error: unknown): boolean {
  if (error instanceof BaseError) return Boolean(error.walk((e) => e instanceof UserRejectedRequestError || (e as { code?: number }).code === 4001));
  return (error as { code?: number } | undefined)?.code === 4001;
}

export function describeFailure(error: unknown, t: Translate): Failure {
  if (isRejection(error)) return { rejected: true };
  if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    const name = reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : undefined;
    if (name) {
      const known = t(`errors.${name}`);
      return { rejected: false, reason: known === `errors.${name}` ? t("errors.contract", { name }) : known };
    }
    return { rejected: false, reason: error.shortMessage };
  }
  return { rejected: false, reason: (error as Error)?.message?.split("\n")[0] || t("errors.unknown") };
}
