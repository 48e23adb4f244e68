// ExchangeRateOracle: the SSH/USD rounds.
import { RateAcceptedByGuardian, RateUpdated } from "../generated/ExchangeRateOracle/ExchangeRateOracle";
import { RateRound } from "../generated/schema";
import { getPlatform } from "./common/helpers";

export function handleRateUpdated(event: RateUpdated): void {
  const round = new RateRound(event.params.roundId.toString());
  round.roundId = event.params.roundId;
  round.answer = event.params.answer;
  round.observedAt = event.params.observedAt;
  round.sources = event.params.sources;
  round.acceptedByGuardian = false;
  round.updatedAt = event.block.timestamp;
  round.save();
  // The rate settled revenue is valued at in USD from now on.
  const platform = getPlatform();
  platform.rate = event.params.answer;
  platform.save();
}

/** The guardian accepted a rate beyond the deviation limit: the same round, marked as accepted. */
export function handleRateAcceptedByGuardian(event: RateAcceptedByGuardian): void {
  // RateUpdated of the same round is emitted just before, in the same transaction.
  const round = RateRound.load(event.params.roundId.toString())!;
  round.acceptedByGuardian = true;
  round.save();
}
