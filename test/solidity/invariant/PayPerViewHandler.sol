// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {StreamShare} from "../../../contracts/token/StreamShare.sol";
import {FilmRegistry} from "../../../contracts/films/FilmRegistry.sol";
import {PayPerView} from "../../../contracts/payments/PayPerView.sol";
import {IPayPerView} from "../../../contracts/interfaces/IPayPerView.sol";

/// @dev Drives the pay-per-view contract with bounded random actions and keeps ghost accounting of
///      what every actor paid, was refunded and claimed. Fans buy for themselves and for each other (and
///      for a guest who holds nothing), anyone (fans, the guest, a stranger) tries to refund anyone's
///      purchase, payers withdraw refunds, fans move SSH between them between steps. Never reverts on a
///      legal action; an illegal refund must revert with the contract's own error.
contract PayPerViewHandler is CommonBase, StdCheats, StdUtils {
    uint256 public constant FANS = 4;
    uint256 public constant HOLDERS = 5;
    uint256 public constant FILMS = 3;
    uint256 public constant MAX_SPLITS = 12;

    StreamShare public immutable SSH;
    FilmRegistry public immutable REGISTRY;
    PayPerView public immutable PPV;
    address public immutable TREASURY;
    address public immutable FILMMAKER;
    uint256 private immutable DELIVERY_KEY;

    address[FANS] public fans;
    /// @dev A viewer who only ever receives rentals bought for it, and a stranger who never buys.
    address public immutable GUEST;
    address public immutable STRANGER;
    address[HOLDERS] public holders;
    uint256[FILMS] public films;

    // ghost accounting
    uint256 public ghostOpen;
    uint256 public ghostFeesAccrued;
    uint256 public ghostFeesCollected;
    mapping(uint256 splitId => uint256) public ghostRevenue;
    mapping(address => uint256) public ghostPaid;
    mapping(address => uint256) public ghostRefunded;
    mapping(address => uint256) public ghostClaimed;
    mapping(address => uint256) public ghostOwed; // refunds owed to a payer of others' purchases
    mapping(address => uint256) public ghostReceived; // SSH moved between fans
    mapping(address => uint256) public ghostSent;
    mapping(uint256 purchaseId => address) internal _payerOf;
    /// @dev Whether any purchase of the film by the viewer was settled (PayPerView.hasWatched's truth).
    mapping(uint256 filmId => mapping(address viewer => bool)) public ghostWatched;
    bool public wrongRefund; // a legal refund refused, or an illegal one accepted
    mapping(bytes32 => uint256) public calls;

    constructor(StreamShare ssh, FilmRegistry registry, PayPerView ppv, address treasury, uint256 deliveryKey) {
        SSH = ssh;
        REGISTRY = registry;
        PPV = ppv;
        TREASURY = treasury;
        DELIVERY_KEY = deliveryKey;
        FILMMAKER = makeAddr("invFilmmaker");
        GUEST = makeAddr("invGuest");
        STRANGER = makeAddr("invStranger");
        for (uint256 i; i < FANS; ++i) fans[i] = makeAddr(string.concat("invFan", vm.toString(i)));
        for (uint256 i; i < HOLDERS; ++i) holders[i] = makeAddr(string.concat("invHolder", vm.toString(i)));
    }

    /// @dev Called once by the test, after the treasury funded the fans.
    function init() external {
        for (uint256 i; i < FANS; ++i) {
            vm.prank(fans[i]);
            SSH.approve(address(PPV), type(uint256).max);
        }
        for (uint256 i; i < FILMS; ++i) {
            (address[] memory r, uint16[] memory s) = _split(i + 1, i);
            vm.prank(FILMMAKER);
            films[i] = REGISTRY.registerFilm("ipfs://inv", (i + 1) * 1 ether + i, 6 hours, r, s, 0);
        }
    }

    mapping(uint256 purchaseId => uint256 feeBps) internal _feeAtPurchase;

    function splitCount() public view returns (uint256 count) {
        for (uint256 i; i < FILMS; ++i) count += REGISTRY.splitsOf(films[i]).length;
    }

    // ------------------------------------------------------------ actions

    function purchase(uint256 fanSeed, uint256 filmSeed) external {
        address fan = fans[fanSeed % FANS];
        uint256 filmId = films[filmSeed % FILMS];
        IPayPerView.Rental memory r = PPV.rentalOf(filmId, fan);
        uint256 price = REGISTRY.saleTerms(filmId).price;
        if (r.expiresAt > block.timestamp || r.amount != 0 || SSH.balanceOf(fan) < price) return;
        vm.prank(fan);
        uint256 purchaseId = PPV.purchase(filmId, price);
        _feeAtPurchase[purchaseId] = PPV.platformFeeBps(); // the fee its settlement must take, whatever comes
        ghostOpen += price;
        ghostPaid[fan] += price;
        ++calls["purchase"];
    }

    function settle(uint256 fanSeed, uint256 filmSeed) external {
        address fan = fanSeed % (FANS + 1) == FANS ? GUEST : fans[fanSeed % (FANS + 1)];
        uint256 filmId = films[filmSeed % FILMS];
        IPayPerView.Rental memory r = PPV.rentalOf(filmId, fan);
        if (r.amount == 0) return;
        IPayPerView.DeliveryReceipt memory receipt = IPayPerView.DeliveryReceipt({
            purchaseId: r.purchaseId, viewer: fan, filmId: filmId, deadline: block.timestamp
        });
        (uint8 v, bytes32 rr, bytes32 s) = vm.sign(DELIVERY_KEY, PPV.receiptDigest(receipt));
        PPV.settle(receipt, abi.encodePacked(rr, s, v));
        uint256 fee = (uint256(r.amount) * _feeAtPurchase[r.purchaseId]) / 10_000;
        ghostOpen -= r.amount;
        ghostFeesAccrued += fee;
        ghostRevenue[r.splitId] += r.amount - fee;
        ghostWatched[filmId][fan] = true;
        ++calls["settle"];
    }

    /// @dev A fan buys a rental for another fan, for the guest, or for itself (an ordinary purchase).
    function purchaseFor(uint256 payerSeed, uint256 viewerSeed, uint256 filmSeed) external {
        address payer = fans[payerSeed % FANS];
        address viewer = viewerSeed % (FANS + 1) == FANS ? GUEST : fans[viewerSeed % (FANS + 1)];
        uint256 filmId = films[filmSeed % FILMS];
        IPayPerView.Rental memory r = PPV.rentalOf(filmId, viewer);
        uint256 price = REGISTRY.saleTerms(filmId).price;
        if (r.expiresAt > block.timestamp || r.amount != 0 || SSH.balanceOf(payer) < price) return;
        vm.prank(payer);
        uint256 purchaseId = PPV.purchaseFor(viewer, filmId, price);
        _feeAtPurchase[purchaseId] = PPV.platformFeeBps();
        if (payer != viewer) _payerOf[purchaseId] = payer;
        ghostOpen += price;
        ghostPaid[payer] += price;
        ++calls["purchaseFor"];
    }

    /// @dev Anyone (a fan, the guest, a stranger) asks to refund anyone's purchase: it must go through
    ///      exactly when the caller is its viewer or its payer and the timeout has passed, and the money
    ///      goes to whoever paid.
    function refund(uint256 callerSeed, uint256 viewerSeed, uint256 filmSeed) external {
        address viewer = viewerSeed % (FANS + 1) == FANS ? GUEST : fans[viewerSeed % (FANS + 1)];
        uint256 pick = callerSeed % (FANS + 3);
        address caller = pick < FANS ? fans[pick] : pick == FANS ? GUEST : pick == FANS + 1 ? STRANGER : viewer;
        uint256 filmId = films[filmSeed % FILMS];
        IPayPerView.Rental memory r = PPV.rentalOf(filmId, viewer);
        if (r.amount == 0 || block.timestamp < r.refundableAt) return;
        address payer = _payerOf[r.purchaseId];
        bool allowed = caller == viewer || (payer != address(0) && caller == payer);
        vm.prank(caller);
        try PPV.refundFor(filmId, viewer) {
            if (!allowed) wrongRefund = true;
            ghostOpen -= r.amount;
            if (payer == address(0)) ghostRefunded[viewer] += r.amount;
            else ghostOwed[payer] += r.amount;
            ++calls["refund"];
        } catch (bytes memory reason) {
            if (allowed || bytes4(reason) != IPayPerView.PayPerView_NotViewerNorPayer.selector) wrongRefund = true;
        }
    }

    function withdrawRefunds(uint256 fanSeed) external {
        address payer = fans[fanSeed % FANS];
        vm.prank(payer);
        uint256 amount = PPV.withdrawRefunds();
        if (amount != ghostOwed[payer]) wrongRefund = true;
        ghostOwed[payer] -= amount;
        ghostRefunded[payer] += amount;
        ++calls["withdrawRefunds"];
    }

    /// @dev SSH moves between fans between any two steps.
    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = fans[fromSeed % FANS];
        address to = fans[toSeed % FANS];
        amount = bound(amount, 0, SSH.balanceOf(from));
        vm.prank(from);
        SSH.transfer(to, amount);
        ghostSent[from] += amount;
        ghostReceived[to] += amount;
        ++calls["transfer"];
    }

    function claim(uint256 holderSeed, uint256 splitSeed) external {
        address holder = holders[holderSeed % HOLDERS];
        uint256 splitId = 1 + (splitSeed % splitCount());
        ghostClaimed[holder] += PPV.claim(splitId, holder);
        ++calls["claim"];
    }

    function claimAll(uint256 holderSeed) external {
        address holder = holders[holderSeed % HOLDERS];
        uint256 n = splitCount();
        uint256[] memory ids = new uint256[](n);
        for (uint256 i; i < n; ++i) ids[i] = i + 1;
        ghostClaimed[holder] += PPV.claimMany(ids, holder);
        ++calls["claimAll"];
    }

    function changeSplit(uint256 filmSeed, uint256 countSeed, uint256 shareSeed) external {
        if (splitCount() >= MAX_SPLITS) return;
        (address[] memory r, uint16[] memory s) = _split(1 + (countSeed % HOLDERS), shareSeed);
        vm.prank(FILMMAKER);
        REGISTRY.setSplit(films[filmSeed % FILMS], r, s, 0);
        ++calls["changeSplit"];
    }

    function setFee(uint256 feeBps) external {
        address admin = PPV.defaultAdmin();
        feeBps = bound(feeBps, 0, PPV.MAX_PLATFORM_FEE_BPS());
        vm.prank(admin);
        PPV.setPlatformFee(feeBps);
        ++calls["setFee"];
    }

    function collectFees() external {
        ghostFeesCollected += PPV.collectFees();
        ++calls["collectFees"];
    }

    function warp(uint256 secondsForward) external {
        vm.warp(block.timestamp + bound(secondsForward, 0, 3 days));
        ++calls["warp"];
    }

    // ------------------------------------------------------------ helpers

    /// @dev A split of the first `n` holders with random shares (each >= 1) summing to 10,000.
    function _split(uint256 n, uint256 seed) internal view returns (address[] memory r, uint16[] memory s) {
        r = new address[](n);
        s = new uint16[](n);
        uint256 left = 10_000;
        uint256 offset = seed % HOLDERS;
        for (uint256 i; i < n; ++i) {
            r[i] = holders[(offset + i) % HOLDERS];
            uint256 share = i == n - 1 ? left : 1 + (uint256(keccak256(abi.encode(seed, i))) % (left - (n - 1 - i)));
            s[i] = uint16(share);
            left -= share;
        }
    }
}
