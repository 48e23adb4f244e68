import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys the StreamSpace contracts. Used by `npm start`, by the tests as their fixture and, with
 * a parameters file, for a real network.
 *
 * Parameters (module "StreamSpace"): admin, treasury, deliverySigner, pauser (default: account 0),
 * platformFeeBps (default 500 = 5%), deliveryTimeout in seconds (default 2 hours), crowdfundFeeBps
 * (the fee on a successful raise, default 250 = 2.5%).
 */
export default buildModule("StreamSpace", (m) => {
  const deployer = m.getAccount(0);
  const admin = m.getParameter("admin", deployer);
  const treasury = m.getParameter("treasury", deployer);
  const deliverySigner = m.getParameter("deliverySigner", deployer);
  const pauser = m.getParameter("pauser", deployer);
  const platformFeeBps = m.getParameter("platformFeeBps", 500n);
  const deliveryTimeout = m.getParameter("deliveryTimeout", 2n * 60n * 60n);
  const crowdfundFeeBps = m.getParameter("crowdfundFeeBps", 250n);

  const ssh = m.contract("StreamShare", [treasury]);
  const filmRegistry = m.contract("FilmRegistry");
  const payPerView = m.contract("PayPerView", [
    ssh,
    filmRegistry,
    admin,
    treasury,
    deliverySigner,
    pauser,
    platformFeeBps,
    deliveryTimeout,
  ]);

  const campaignFactory = m.contract("CampaignFactory", [
    ssh,
    filmRegistry,
    payPerView,
    admin,
    treasury,
    crowdfundFeeBps,
  ]);

  return { ssh, filmRegistry, payPerView, campaignFactory };
});
