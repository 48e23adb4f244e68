// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {StreamShare} from "../../../contracts/token/StreamShare.sol";
import {FilmRegistry} from "../../../contracts/films/FilmRegistry.sol";
import {PayPerView} from "../../../contracts/payments/PayPerView.sol";
import {ExchangeRateOracle} from "../../../contracts/oracle/ExchangeRateOracle.sol";
import {IPayPerView} from "../../../contracts/interfaces/IPayPerView.sol";

/// @dev Shared fixture: the three contracts deployed as the Ignition module deploys them, named actors,
///      funded fans, and helpers that build and sign delivery receipts independently of the contract.
abstract contract StreamSpaceTest is Test {
    uint256 internal constant PRICE = 5 ether;
    uint256 internal constant WINDOW = 48 hours;
    uint256 internal constant FEE_BPS = 500;
    uint256 internal constant TIMEOUT = 2 hours;
    uint256 internal constant FAN_FUNDS = 1_000 ether;

    address internal ADMIN = makeAddr("admin");
    address internal TREASURY = makeAddr("treasury");
    address internal PAUSER = makeAddr("pauser");
    address internal FILMMAKER = makeAddr("filmmaker");
    address internal CO_PRODUCER = makeAddr("coProducer");
    address internal COMPOSER = makeAddr("composer");
    address internal ATTACKER = makeAddr("attacker");
    address internal RATE_UPDATER = makeAddr("rateUpdater");
    address internal GUARDIAN = makeAddr("guardian");
    address internal FAN;
    uint256 internal FAN_KEY;
    address internal FAN2;
    uint256 internal FAN2_KEY;
    address internal DELIVERY_SIGNER;
    uint256 internal DELIVERY_KEY;

    StreamShare internal ssh;
    FilmRegistry internal registry;
    PayPerView internal ppv;
    ExchangeRateOracle internal oracle;

    function setUp() public virtual {
        (FAN, FAN_KEY) = makeAddrAndKey("fan");
        (FAN2, FAN2_KEY) = makeAddrAndKey("fan2");
        (DELIVERY_SIGNER, DELIVERY_KEY) = makeAddrAndKey("deliverySigner");
        vm.warp(1_750_000_000);

        ssh = new StreamShare(TREASURY);
        registry = new FilmRegistry();
        // quorum 3 sources, 20% maximum move per update
        oracle = new ExchangeRateOracle(ADMIN, RATE_UPDATER, GUARDIAN, 3, 2_000);
        ppv = new PayPerView(
            IERC20(address(ssh)), registry, oracle, ADMIN, TREASURY, DELIVERY_SIGNER, PAUSER, FEE_BPS, TIMEOUT
        );
        _fund(FAN, FAN_FUNDS);
        _fund(FAN2, FAN_FUNDS);
    }

    function _fund(address to, uint256 amount) internal {
        vm.prank(TREASURY);
        ssh.transfer(to, amount);
        vm.prank(to);
        ssh.approve(address(ppv), type(uint256).max);
    }

    /// @dev A film of FILMMAKER split 70/20/10 between FILMMAKER, CO_PRODUCER and COMPOSER.
    function _registerFilm() internal returns (uint256 filmId) {
        address[] memory recipients = new address[](3);
        recipients[0] = FILMMAKER;
        recipients[1] = CO_PRODUCER;
        recipients[2] = COMPOSER;
        uint16[] memory shares = new uint16[](3);
        shares[0] = 7_000;
        shares[1] = 2_000;
        shares[2] = 1_000;
        return _registerFilm(recipients, shares);
    }

    function _registerFilm(address[] memory recipients, uint16[] memory shares) internal returns (uint256) {
        vm.prank(FILMMAKER);
        return registry.registerFilm("ipfs://film", PRICE, WINDOW, recipients, shares, 0);
    }

    /// @dev A split of `n` distinct recipients with shares summing to 10,000 (the first takes the rest).
    function _evenSplit(uint256 n) internal pure returns (address[] memory recipients, uint16[] memory shares) {
        recipients = new address[](n);
        shares = new uint16[](n);
        uint256 each = 10_000 / n;
        for (uint256 i; i < n; ++i) {
            recipients[i] = address(uint160(0x1000 + i));
            shares[i] = uint16(each);
        }
        shares[0] += uint16(10_000 - each * n);
    }

    function _buy(address viewer, uint256 filmId) internal returns (uint256 purchaseId) {
        vm.prank(viewer);
        return ppv.purchase(filmId, type(uint256).max);
    }

    function _receipt(uint256 purchaseId, address viewer, uint256 filmId)
        internal
        view
        returns (IPayPerView.DeliveryReceipt memory)
    {
        return IPayPerView.DeliveryReceipt({
            purchaseId: purchaseId, viewer: viewer, filmId: filmId, deadline: block.timestamp + 1 hours
        });
    }

    /// @dev Signs `receipt` for `verifyingContract` on `chainId`, building the EIP-712 digest by hand.
    function _sign(IPayPerView.DeliveryReceipt memory receipt, uint256 key, uint256 chainId, address verifyingContract)
        internal
        pure
        returns (bytes memory)
    {
        bytes32 domainSeparator = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("StreamSpace PayPerView"),
                keccak256("1"),
                chainId,
                verifyingContract
            )
        );
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("DeliveryReceipt(uint256 purchaseId,address viewer,uint256 filmId,uint256 deadline)"),
                receipt.purchaseId,
                receipt.viewer,
                receipt.filmId,
                receipt.deadline
            )
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash)));
        return abi.encodePacked(r, s, v);
    }

    function _sign(IPayPerView.DeliveryReceipt memory receipt) internal view returns (bytes memory) {
        return _sign(receipt, DELIVERY_KEY, block.chainid, address(ppv));
    }

    function _settle(uint256 purchaseId, address viewer, uint256 filmId) internal {
        IPayPerView.DeliveryReceipt memory receipt = _receipt(purchaseId, viewer, filmId);
        ppv.settle(receipt, _sign(receipt));
    }

    /// @dev An EIP-2612 permit signature by `key` for `spender`.
    function _permit(uint256 key, address owner, address spender, uint256 value, uint256 deadline)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                spender,
                value,
                ssh.nonces(owner),
                deadline
            )
        );
        return vm.sign(key, keccak256(abi.encodePacked("\x19\x01", ssh.DOMAIN_SEPARATOR(), structHash)));
    }
}
