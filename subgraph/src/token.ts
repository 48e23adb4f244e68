// StreamShare (SSH): account balances from transfers.
import { Address } from "@graphprotocol/graph-ts";

import { Transfer } from "../generated/StreamShare/StreamShare";
import { getAccount } from "./common/helpers";

export function handleTransfer(event: Transfer): void {
  const amount = event.params.value;
  if (event.params.from != Address.zero()) {
    const from = getAccount(event.params.from);
    from.sshBalance = from.sshBalance.minus(amount);
    from.save();
  }
  if (event.params.to != Address.zero()) {
    const to = getAccount(event.params.to);
    to.sshBalance = to.sshBalance.plus(amount);
    to.save();
  }
}
