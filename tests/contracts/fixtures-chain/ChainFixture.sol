// SPDX-License-Identifier: MIT
// Test-only contract for ZkChain.ChainClient integration tests (compiled by tests/oracles/chain-compile.js).
pragma solidity ^0.8.28;

contract ChainFixture {
    error Denied(address who, uint256 code, string why);
    error Plain();

    event Ping(uint256 indexed seq, address indexed from, string note, bytes32 tag);

    uint256 public counter;

    function failCustom(uint256 code) external view returns (uint256) {
        revert Denied(msg.sender, code, "custom");
    }

    function failPlain() external pure {
        revert Plain();
    }

    function failRequire(uint256 x) external pure returns (uint256) {
        require(x > 10, "x must exceed 10");
        return x;
    }

    function failPanic(uint256 x) external pure returns (uint256) {
        return 100 / x;
    }

    function failEmpty() external pure {
        revert();
    }

    function echo(uint256[] calldata xs, string calldata s) external pure returns (uint256 sum, string memory back) {
        for (uint256 i = 0; i < xs.length; i++) sum += xs[i];
        back = s;
    }

    function ping(string calldata note) external {
        counter += 1;
        emit Ping(counter, msg.sender, note, keccak256(bytes(note)));
    }

    function pingOrFail(bool fail) external {
        if (fail) revert Denied(msg.sender, 7, "asked to fail");
        counter += 1;
        emit Ping(counter, msg.sender, "ok", bytes32(0));
    }
}
