// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {StreamSpaceTest} from "./utils/StreamSpaceTest.sol";
import {StreamShare} from "../../contracts/token/StreamShare.sol";

contract StreamShareTest is StreamSpaceTest {
    function test_constructor_mintsFixedSupplyToTreasuryOnce() public view {
        assertEq(ssh.totalSupply(), 1_000_000_000 ether);
        assertEq(ssh.balanceOf(TREASURY), 1_000_000_000 ether - 2 * FAN_FUNDS);
        assertEq(ssh.decimals(), 18);
        assertEq(ssh.symbol(), "SSH");
        assertEq(ssh.name(), "StreamShare");
    }

    function test_constructor_revertsOnZeroTreasury() public {
        vm.expectRevert(StreamShare.StreamShare_ZeroTreasury.selector);
        new StreamShare(address(0));
    }

    function test_permit_setsAllowanceFromSignature() public {
        (uint8 v, bytes32 r, bytes32 s) = _permit(FAN_KEY, FAN, ATTACKER, 3 ether, block.timestamp + 1 hours);
        ssh.permit(FAN, ATTACKER, 3 ether, block.timestamp + 1 hours, v, r, s);
        assertEq(ssh.allowance(FAN, ATTACKER), 3 ether);
        assertEq(ssh.nonces(FAN), 1);
    }
}
