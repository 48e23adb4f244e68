/**
 * The chain's clock, which rentals and refunds are judged by (a block's timestamp), not the browser's: the
 * two differ (a wrong computer clock; locally, a chain moved days ahead by the demo). The latest block's
 * time, advanced by the browser's clock since it was read.
 */
import { useQuery } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import { getBlock } from "wagmi/actions";

export function useChainNow(): () => number {
  const wagmi = useConfig();
  const { data } = useQuery({
    queryKey: ["chain-time"],
    queryFn: async () => ({ chain: Number((await getBlock(wagmi)).timestamp), local: Date.now() / 1000 }),
    refetchInterval: 60_000,
  });
  return () => (data ? data.chain + (Date.now() / 1000 - data.local) : Date.now() / 1000);
}
