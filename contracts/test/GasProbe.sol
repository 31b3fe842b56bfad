// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGroth16Verifier} from "../interfaces/IGroth16Verifier.sol";

/// @notice TEST-ONLY: measures the gas a verifier's verifyProof spends when called from another contract
/// (what the registry pays), excluding the transaction's base and calldata costs.
contract GasProbe {
    function measureVerify(IGroth16Verifier verifier, uint256[8] calldata proof, uint256[] calldata publicInputs)
        external
        view
        returns (uint256 gasUsed, bool accepted)
    {
        uint256 before = gasleft();
        accepted = verifier.verifyProof(proof, publicInputs);
        gasUsed = before - gasleft();
    }
}
