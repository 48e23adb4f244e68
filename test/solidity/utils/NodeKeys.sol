// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Vm} from "forge-std/Vm.sol";

import {CuratorStaking} from "../../../contracts/curation/CuratorStaking.sol";

/// @dev Storage nodes' secp256k1 keys and their signed registrations with a curator, as a node signs
///      them. Hardhat has no `createWallet` cheatcode, so the key pairs are a fixed table (private key
///      keccak256("streamspace test node <i>"), public key from viem); `key` checks each pair.
library NodeKeys {
    Vm private constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    uint256 internal constant COUNT = 8;

    /// @dev Node `i`'s 64-byte public key (x and y) and private key.
    function key(uint256 i) internal pure returns (bytes memory publicKey, uint256 privateKey) {
        if (i == 0) (publicKey, privateKey) = (hex"cc7602f631485d0e6d2d941170ed7e214e5a21c5ecd1061d7010a49ab2c7de373feb6a842d5dc718deb5db3f5cd2518fba0c99a3eb55837029a5d2d1e302754a", 0x28955bd4c5e0ed82222a3adfaa89fb2a1f93aa408b26768d6fc514ca5a8b3d03);
        else if (i == 1) (publicKey, privateKey) = (hex"2c51a5868d2eb024c85a80260eead02642aaac26e335ee557c6b061097b038ae384ede7ce0148f37ed5d6e87edfb12e35cec206f1fe38bd1a69b73cd137edf4c", 0x6da2caf1c2aa4d32dfd288befa749d2769cdd1e9c04b335818fd1171b01224de);
        else if (i == 2) (publicKey, privateKey) = (hex"48212186a104c3aece4232adcbb48453e105ceb710b0949f2b6e48354ac1898254c2d5dcc3cf47469da916ebe47287a9e8377509150959f676a0b02b76034398", 0x51081559461231e77868e87ed36ec8cd206b6e1c4e9b60305359579afe060179);
        else if (i == 3) (publicKey, privateKey) = (hex"9765209aaf1ea7def76acae1ab82a3fc6e524ff25d1f7e8ec6ad3b0a7a740e849601edc9ca2cf0e077fe6ad8156b9ffc4906dcd8ed2b0840059097866bcfe314", 0x61a4faa9a59fc0eb58c81c9d06d0e90959e1c28daf120777ae1c727e038d1354);
        else if (i == 4) (publicKey, privateKey) = (hex"f83807bda3c56a02f5e3a5308548f366a45cf800e0857acedbf2213b427efad7a7b30183b9cee713d115467b6fc9448d722f457d1a32113eac4ecbbdd8525d7b", 0x0c2d1cb79df0efc2d82e56c481b0fe7c9822d3cb4316ae639af1e043395d05fd);
        else if (i == 5) (publicKey, privateKey) = (hex"1db3c48f6cd8e946ed7c89d526447cf029cba113824109ad652d94fe70b467c408192676458502bbc3d4ac14c806765c691df225f99f49912e4f439493f5a0c7", 0x720d6310776801b051cc270e48ac5f29e599f3061199bcee4c8685ff9bc4c803);
        else if (i == 6) (publicKey, privateKey) = (hex"2adf4b72b19a294f6a53ab82586a6f45e5c99a99c1284399ac7a1aeec655acccfc81dcb83b4d2c779f300eaaef23b1af0a127aaf63fa77b107ba362b37b3c2da", 0x4bbe98a3015050c7cdd61b67d20e003be0157a179dc46635252f4409d1243730);
        else if (i == 7) (publicKey, privateKey) = (hex"9ba8221b0c2e955cacbe327e4c71f4678e70ee5ad14d0946c7742b722f6dfa10c4d5b7f17506b7cbb2797bd7421ceb1981357d517a3a5eab83ad4feb7c3cd07a", 0xafa3d95c6c7a471a284627cd99f2ed42b6900059068e7d9c47cad17a249d007a);
        else revert("NodeKeys: no such node");
    }

    /// @dev Node `i`'s public key and its signature registering it with `curator`.
    function registration(CuratorStaking staking, uint256 i, address curator)
        internal
        view
        returns (bytes memory publicKey, bytes memory signature)
    {
        uint256 privateKey;
        (publicKey, privateKey) = key(i);
        require(VM.addr(privateKey) == address(uint160(uint256(keccak256(publicKey)))), "NodeKeys: bad pair");
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(privateKey, staking.nodeRegistrationDigest(keccak256(publicKey), curator));
        signature = abi.encodePacked(r, s, v);
    }

    /// @dev Registers node `i` for `curator` (pranking as the curator).
    function register(CuratorStaking staking, uint256 i, address curator) internal returns (bytes32) {
        (bytes memory publicKey, bytes memory signature) = registration(staking, i, curator);
        VM.prank(curator);
        return staking.registerNode(publicKey, signature);
    }
}
