// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Shape shared by every Groth16 (BN254) verifier the AttestationRegistry accepts.
/// See docs/design/contracts-between-parts.md.
interface IGroth16Verifier {
    /// proof = [A.x, A.y, B.x.imag, B.x.real, B.y.imag, B.y.real, C.x, C.y]  (EIP-197 order)
    /// Reverts (custom errors) on malformed input: wrong input count, input >= r, coordinate >= q,
    /// point not on curve (precompile failure). Returns false when the pairing check fails.
    function verifyProof(uint256[8] calldata proof, uint256[] calldata publicInputs) external view returns (bool);

    function publicInputCount() external pure returns (uint256);

    /// keccak256(abi.encodePacked(alpha.x, alpha.y, beta(4, EIP-197 order), gamma(4), delta(4), IC[0].x, IC[0].y, ..., IC[n].x, IC[n].y))
    function verificationKeyHash() external pure returns (bytes32);
}
