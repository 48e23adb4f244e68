// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {UsdConversion} from "../../../contracts/libraries/UsdConversion.sol";

/// @dev Exposes the UsdConversion library so that the shared core's TypeScript mirror is checked
///      against it, on random inputs (test/money.ts).
contract UsdConversionHarness {
    function usdToSshDown(uint256 usd, uint256 rate) external pure returns (uint256) {
        return UsdConversion.usdToSshDown(usd, rate);
    }

    function usdToSshUp(uint256 usd, uint256 rate) external pure returns (uint256) {
        return UsdConversion.usdToSshUp(usd, rate);
    }

    function sshToUsdDown(uint256 ssh, uint256 rate) external pure returns (uint256) {
        return UsdConversion.sshToUsdDown(ssh, rate);
    }
}
