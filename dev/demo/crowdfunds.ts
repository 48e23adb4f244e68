import type { Address } from "viem";
import { parseEther } from "viem";

import { signDeliveryReceipt } from "@streamspace/core/delivery-receipt";
import type { Connection, Platform, Role } from "../platform.js";
import { accountsByRole, localKeyOf, mined } from "../platform.js";

export interface DemoCampaign {
  vault: Address;
  filmId: bigint;
  title: string;
  state: "Funding" | "Succeeded" | "Failed" | "Stopped";
  raised: bigint;
  goal: bigint;
  paidBack: bigint;
  paybackTarget: bigint;
  investors: { role: Role; address: Address; shares: bigint; royaltiesClaimed: bigint; royaltiesClaimable: bigint }[];
}

const STATES = ["Funding", "Succeeded", "Failed", "Stopped"] as const;
const DAY = 86_400n;

/**
 * Two crowdfunds: Luis raises for "Night Market" to its cap (succeeded: the vault joins the film's
 * split, Luis withdraws, new views pay the investors, who claim), and Ada is still raising for
 * "Salt & Static" in two tranches.
 */
export async function seedCrowdfunds(
  connection: Connection,
  platform: Platform,
  films: { filmId: bigint; title: string; price: bigint }[],
): Promise<DemoCampaign[]> {
  const { viem } = connection;
  const { ssh, filmRegistry, payPerView, campaignFactory } = platform;
  const roles = await accountsByRole(connection);
  const publicClient = await viem.getPublicClient();
  const [wallet] = await viem.getWalletClients();
  const chainId = await publicClient.getChainId();
  const now = BigInt((await publicClient.getBlock()).timestamp);
  const [, salt, market] = films as [unknown, (typeof films)[0], (typeof films)[0]];

  const open = async (
    owner: Role,
    film: (typeof films)[0],
    symbol: string,
    terms: { goal: string; cap: string; shareBps: number; afterBps: number; tranchesBps: number[]; delays: bigint[] },
  ) => {
    await mined(connection, filmRegistry.write.setSplitManager([film.filmId, campaignFactory.address], { account: roles[owner] }));
    await mined(
      connection,
      campaignFactory.write.createCampaign(
        [
          {
            filmId: film.filmId,
            goal: parseEther(terms.goal),
            cap: parseEther(terms.cap),
            deadline: now + 28n * DAY,
            minContribution: parseEther("10"),
            maxPerInvestor: parseEther("300"),
            investorShareBps: terms.shareBps,
            investorShareAfterPaybackBps: terms.afterBps,
            paybackMultipleBps: 12_000,
            tranchesBps: terms.tranchesBps,
            trancheDelays: terms.delays.map(Number),
          },
          `${film.title} Shares`,
          symbol,
        ],
        { account: roles[owner] },
      ),
    );
    const [vault] = (await campaignFactory.read.campaignsOf([film.filmId])).slice(-1);
    return viem.getContractAt("CrowdfundVault", vault!);
  };
  const contribute = async (vault: Awaited<ReturnType<typeof open>>, investor: Role, amount: string) => {
    await mined(connection, ssh.write.approve([vault.address, parseEther(amount)], { account: roles[investor] }));
    await mined(connection, vault.write.contribute([parseEther(amount)], { account: roles[investor] }));
  };

  // Night Market: raised to its 400 SSH cap, so it succeeds at once.
  const night = await open("filmmakerLuis", market, "NIGHT", {
    goal: "300", cap: "400", shareBps: 4_000, afterBps: 1_500, tranchesBps: [10_000], delays: [0n],
  });
  await contribute(night, "fan", "250");
  await contribute(night, "fan2", "150");
  await mined(connection, night.write.withdraw({ account: roles.filmmakerLuis }));

  // New views of Night Market now pay the vault; it harvests and the fan claims its royalties.
  const deadline = now + 30n * DAY;
  for (const viewer of ["fan", "composer"] as const) {
    const address = roles[viewer];
    if (viewer === "composer") {
      await mined(connection, ssh.write.transfer([address, market.price], { account: roles.treasury }));
    }
    await mined(connection, ssh.write.approve([payPerView.address, market.price], { account: address }));
    await mined(connection, payPerView.write.purchase([market.filmId, market.price], { account: address }));
    const rental = await payPerView.read.rentalOf([market.filmId, address]);
    const receipt = { purchaseId: BigInt(rental.purchaseId), viewer: address, filmId: market.filmId, deadline };
    const signature = await signDeliveryReceipt({ account: localKeyOf("deliverySigner"), chainId, payPerView: payPerView.address, receipt });
    await mined(connection, payPerView.write.settle([receipt, signature]));
  }
  await mined(connection, night.write.harvest());
  await mined(connection, night.write.claimRoyalties([roles.fan], { account: roles.fan }));

  // Salt & Static: still funding, released in two tranches.
  const saltVault = await open("filmmakerAda", salt, "SALT", {
    goal: "1000", cap: "2000", shareBps: 3_000, afterBps: 1_000, tranchesBps: [5_000, 5_000], delays: [0n, 60n * DAY],
  });
  await contribute(saltVault, "fan2", "120");

  const campaigns: DemoCampaign[] = [];
  for (const [vault, film] of [[night, market], [saltVault, salt]] as const) {
    const [paidBack, paybackTarget] = await vault.read.payback();
    const investors: DemoCampaign["investors"] = [];
    for (const role of ["fan", "fan2"] as const) {
      const shares = await vault.read.balanceOf([roles[role]]);
      if (shares === 0n) continue;
      const claimed = (
        await publicClient.getContractEvents({
          address: vault.address, abi: vault.abi, eventName: "RoyaltiesClaimed", args: { account: roles[role] }, fromBlock: 0n,
        })
      ).reduce((sum, e) => sum + (e.args.amount ?? 0n), 0n);
      investors.push({
        role, address: roles[role], shares, royaltiesClaimed: claimed,
        royaltiesClaimable: await vault.read.claimableRoyalties([roles[role]]),
      });
    }
    campaigns.push({
      vault: vault.address,
      filmId: film.filmId,
      title: film.title,
      state: STATES[await vault.read.state()]!,
      raised: await vault.read.raised(),
      goal: (await vault.read.terms()).goal,
      paidBack,
      paybackTarget,
      investors,
    });
  }
  return campaigns;
}
