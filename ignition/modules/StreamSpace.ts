import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys the StreamSpace contracts. Used by `npm start`, by the tests as their fixture and, with
 * a parameters file (ignition/parameters/production.json documents each key), for a real network.
 *
 * Every role is its own parameter, so that no key holds two powers (docs/security.md):
 * - the admin of every contract is an AdminTimelock (OpenZeppelin TimelockController) deployed here:
 *   timelockDelay seconds (default 48 hours) between scheduling an admin action and executing it;
 *   timelockProposer and timelockExecutor schedule and execute (the operators' multisig);
 * - treasury (holds the SSH supply, receives fees, stocks the exchange), deliverySigner, pauser,
 *   rateUpdater, guardian, onramp, payout, auditor, reporter: one key each.
 * Every role defaults to account 0, for a quick local try; `npm start` and the tests pass one account
 * per role. Rules: platformFeeBps (default 500 = 5%), deliveryTimeout in seconds (default 2 hours),
 * crowdfundFeeBps (the fee on a successful raise, default 250 = 2.5%), oracleQuorum (3 sources) and
 * oracleMaxDeviationBps (2,000 = 20% an hour); for curator staking minHoldingTime (1 day),
 * unbondingDelay (7 days), maxCoinAge (90 days), popularityCeiling (10e18 = ten times the average
 * film) and slashBps (1,000 = 10%).
 */
const DAY = 86_400n;

export default buildModule("StreamSpace", (m) => {
  const deployer = m.getAccount(0);
  const timelockDelay = m.getParameter("timelockDelay", 2n * DAY);
  const timelockProposer = m.getParameter("timelockProposer", deployer);
  const timelockExecutor = m.getParameter("timelockExecutor", deployer);
  const treasury = m.getParameter("treasury", deployer);
  const deliverySigner = m.getParameter("deliverySigner", deployer);
  const pauser = m.getParameter("pauser", deployer);
  const platformFeeBps = m.getParameter("platformFeeBps", 500n);
  const deliveryTimeout = m.getParameter("deliveryTimeout", 2n * 60n * 60n);
  const crowdfundFeeBps = m.getParameter("crowdfundFeeBps", 250n);
  const rateUpdater = m.getParameter("rateUpdater", deployer);
  const guardian = m.getParameter("guardian", deployer);
  const onramp = m.getParameter("onramp", deployer);
  const payout = m.getParameter("payout", deployer);
  const oracleQuorum = m.getParameter("oracleQuorum", 3n);
  const oracleMaxDeviationBps = m.getParameter("oracleMaxDeviationBps", 2_000n);
  const auditor = m.getParameter("auditor", deployer);
  const reporter = m.getParameter("reporter", deployer);
  const minHoldingTime = m.getParameter("minHoldingTime", DAY);
  const unbondingDelay = m.getParameter("unbondingDelay", 7n * DAY);
  const maxCoinAge = m.getParameter("maxCoinAge", 90n * DAY);
  const popularityCeiling = m.getParameter("popularityCeiling", 10n * 10n ** 18n);
  const slashBps = m.getParameter("slashBps", 1_000n);

  const timelock = m.contract("AdminTimelock", [timelockDelay, [timelockProposer], [timelockExecutor]]);
  const admin = timelock;

  const ssh = m.contract("StreamShare", [treasury]);
  const filmRegistry = m.contract("FilmRegistry");
  const oracle = m.contract("ExchangeRateOracle", [
    admin,
    rateUpdater,
    guardian,
    oracleQuorum,
    oracleMaxDeviationBps,
  ]);
  const payPerView = m.contract("PayPerView", [
    ssh,
    filmRegistry,
    oracle,
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

  const tokenExchange = m.contract("TokenExchange", [ssh, oracle, payPerView, admin, treasury, onramp, payout]);

  const curatorStaking = m.contract("CuratorStaking", [
    ssh,
    filmRegistry,
    admin,
    treasury,
    auditor,
    reporter,
    minHoldingTime,
    unbondingDelay,
    maxCoinAge,
    popularityCeiling,
    slashBps,
  ]);

  // Verified reviews: no admin, no parameters; it asks PayPerView who watched.
  const filmReviews = m.contract("FilmReviews", [payPerView]);

  return { timelock, ssh, filmRegistry, oracle, payPerView, campaignFactory, tokenExchange, curatorStaking, filmReviews };
});
