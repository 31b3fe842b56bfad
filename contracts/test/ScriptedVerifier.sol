// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice TEST-ONLY stand-in for a verifier with scripted behaviour, to exercise how the registry handles
/// every kind of verifier answer. Same selectors as IGroth16Verifier (it cannot inherit it: its answers
/// come from storage, so its functions are `view` where the interface says `pure`).
contract ScriptedVerifier {
    enum Mode {
        ReturnTrue,
        ReturnFalse,
        ReturnTwo,
        ReturnNothing,
        RevertEmpty,
        RevertCustom
    }

    error ScriptedFailure(uint256 code);

    Mode public mode;
    bytes32 private immutable _keyHash;
    uint256 private immutable _inputCount;

    constructor(bytes32 keyHash, uint256 inputCount, Mode initialMode) {
        _keyHash = keyHash;
        _inputCount = inputCount;
        mode = initialMode;
    }

    function setMode(Mode next) external {
        mode = next;
    }

    function verificationKeyHash() external view returns (bytes32) {
        return _keyHash;
    }

    function publicInputCount() external view returns (uint256) {
        return _inputCount;
    }

    function verifyProof(uint256[8] calldata, uint256[] calldata) external view returns (bool) {
        Mode m = mode;
        if (m == Mode.ReturnTrue) return true;
        if (m == Mode.ReturnFalse) return false;
        if (m == Mode.ReturnTwo) {
            assembly ("memory-safe") {
                mstore(0, 2)
                return(0, 32)
            }
        }
        if (m == Mode.ReturnNothing) {
            assembly ("memory-safe") {
                return(0, 0)
            }
        }
        if (m == Mode.RevertEmpty) {
            assembly ("memory-safe") {
                revert(0, 0)
            }
        }
        revert ScriptedFailure(42);
    }
}
