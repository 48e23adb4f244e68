// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IPayPerView} from "../../../contracts/interfaces/IPayPerView.sol";

/// @dev A rights holder that, when paid, either reverts or re-enters the pay-per-view contract.
contract AdversarialHolder {
    enum Mode {
        Accept,
        Revert,
        ReenterClaim
    }

    error AdversarialHolder_Refused();

    IPayPerView public immutable PPV;
    Mode public mode;
    uint256 public splitId;

    constructor(IPayPerView ppv) {
        PPV = ppv;
    }

    function setMode(Mode newMode, uint256 newSplitId) external {
        mode = newMode;
        splitId = newSplitId;
    }

    function onTokenReceived(address, uint256) external {
        if (mode == Mode.Revert) revert AdversarialHolder_Refused();
        if (mode == Mode.ReenterClaim) PPV.claim(splitId, address(this));
    }
}
