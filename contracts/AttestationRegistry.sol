// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGroth16Verifier} from "./interfaces/IGroth16Verifier.sol";

/// @title AttestationRegistry
/// @notice Records Groth16-proven claims "model M was trained on committed data D under config C by publisher P".
/// External shape: docs/design/contracts-between-parts.md (do not change it without every client).
/// @dev Storage is laid out for a cheap `attest` (the dominant cost after proof verification is fresh slots):
///  - `_header[id]`: one slot, publisher | timestamp | flags | circuit index | per-circuit sequence number.
///  - `_values[circuitIndex << 32 | seq]`: model, data, config (config is not stored when it equals the
///    circuit's fixed nonzero configHash; a header flag says so).
///  - by-model / by-publisher indexes: per key a packed list of 48-bit entries (circuitIndex << 32 | seq);
///    slot 0 holds the count (32 bits) and the first 4 entries, every further slot 5 entries.
///    One fresh slot for a new key, then mostly updates of an existing slot.
///  - the per-circuit attestation counter shares the circuit's hot slot, which `attest` reads anyway.
///  The uri is only emitted, never stored. Ids are recomputed in views from (circuitId, model, data).
contract AttestationRegistry {
    // ---------------------------------------------------------------- shapes (design note)

    struct CircuitInfo {
        address verifier;
        string modelFamily;
        uint32 nFeatures;
        uint32 nClasses;
        uint32 nRows;
        uint256 configHash;
        bytes32 r1csHash;
        bool developmentSetup;
        string uri;
    }

    struct Attestation {
        bytes32 circuitId;
        address publisher;
        uint64 timestamp;
        bool revoked;
        uint256 modelCommitment;
        uint256 dataCommitment;
        uint256 configHash;
    }

    event CircuitRegistered(bytes32 indexed circuitId, address indexed verifier, bool developmentSetup, string uri);
    event CircuitDeprecated(bytes32 indexed circuitId);
    event AttestationRecorded(
        bytes32 indexed id,
        address indexed publisher,
        uint256 indexed modelCommitment,
        uint256 dataCommitment,
        bytes32 circuitId,
        uint256 configHash,
        string uri
    );
    event AttestationRevoked(bytes32 indexed id, address indexed publisher);
    event AdminTransferStarted(address indexed current, address indexed pending);
    event AdminTransferred(address indexed previous, address indexed next);

    error NotAdmin();
    error NotPendingAdmin();
    error ZeroAddress();
    error CircuitExists(bytes32 circuitId);
    error UnknownCircuit(bytes32 circuitId);
    error CircuitIsDeprecated(bytes32 circuitId);
    error CircuitIdMismatch(bytes32 expected, bytes32 actual);
    error TooFewPublicInputs(uint256 got);
    error PublicInputNotInField(uint256 index);
    error PublisherMismatch(address expected, address sender);
    error InvalidProof();
    error AlreadyAttested(bytes32 id);
    error UnknownAttestation(bytes32 id);
    error NotPublisher(bytes32 id);
    error AlreadyRevoked(bytes32 id);
    /// @dev Not in the design note: a packed counter would overflow (more than 65535 circuits, or more than
    /// 2^32 - 1 attestations in one circuit / under one model / by one publisher). Unreachable in practice.
    error CapacityExceeded();

    // ---------------------------------------------------------------- constants

    /// @dev BN254 scalar field order r.
    uint256 internal constant SNARK_SCALAR_FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// @dev Index of the publisher in the public inputs ([data, model, config, publisher, ...extras]).
    uint256 internal constant MIN_PUBLIC_INPUTS = 4;
    /// @dev Paging views return at most this many ids per call.
    uint256 internal constant MAX_PAGE = 100;

    uint256 private constant TIMESTAMP_SHIFT = 160;
    uint256 private constant REVOKED_BIT = 1 << 200;
    uint256 private constant CONFIG_FROM_CIRCUIT_BIT = 1 << 201;
    uint256 private constant CIRCUIT_INDEX_SHIFT = 208;
    uint256 private constant SEQ_SHIFT = 224;
    uint256 private constant MASK16 = 0xffff;
    uint256 private constant MASK32 = 0xffffffff;
    uint256 private constant MASK40 = 0xffffffffff;
    uint256 private constant MASK48 = 0xffffffffffff;
    uint256 private constant HEAD_ENTRIES = 4; // entries in slot 0 of a packed list (after the 32-bit count)
    uint256 private constant CHUNK_ENTRIES = 5; // entries in every further slot

    // ---------------------------------------------------------------- storage

    /// @dev Everything `attest` needs about a circuit, in one slot (20 + 1 + 1 + 2 + 4 bytes).
    struct CircuitState {
        address verifier;
        bool deprecated;
        bool fixedConfig; // info.configHash != 0
        uint16 index; // position in _circuitIds
        uint32 attestations; // next per-circuit sequence number
    }

    struct CircuitRecord {
        CircuitInfo info;
        uint64 registeredAt;
    }

    struct Values {
        uint256 model;
        uint256 data;
        uint256 config;
    }

    address private _admin;
    address private _pendingAdmin;
    bytes32[] private _circuitIds;
    mapping(bytes32 circuitId => CircuitState) private _circuitState;
    mapping(bytes32 circuitId => CircuitRecord) private _circuitRecord;
    mapping(bytes32 id => uint256 header) private _header;
    mapping(uint256 key => Values) private _values;
    mapping(uint256 modelCommitment => mapping(uint256 slot => uint256)) private _byModel;
    mapping(address publisher => mapping(uint256 slot => uint256)) private _byPublisher;

    constructor() {
        _admin = msg.sender;
        emit AdminTransferred(address(0), msg.sender);
    }

    modifier onlyAdmin() {
        if (msg.sender != _admin) revert NotAdmin();
        _;
    }

    // ---------------------------------------------------------------- admin

    function admin() external view returns (address) {
        return _admin;
    }

    function pendingAdmin() external view returns (address) {
        return _pendingAdmin;
    }

    /// @notice Step 1 of 2: the current admin names its successor (replacing any earlier pending one).
    function transferAdmin(address next) external onlyAdmin {
        if (next == address(0)) revert ZeroAddress();
        _pendingAdmin = next;
        emit AdminTransferStarted(msg.sender, next);
    }

    /// @notice Step 2 of 2: the pending admin takes over.
    function acceptAdmin() external {
        address next = _pendingAdmin;
        if (msg.sender != next) revert NotPendingAdmin();
        address previous = _admin;
        _admin = next;
        _pendingAdmin = address(0);
        emit AdminTransferred(previous, next);
    }

    // ---------------------------------------------------------------- circuits

    /// @notice Registers a circuit. Its id must be the verifier's own verificationKeyHash(), so an id always
    /// names exactly one verification key; an id is never overwritten.
    function registerCircuit(bytes32 circuitId, CircuitInfo calldata info) external onlyAdmin {
        if (_circuitState[circuitId].verifier != address(0)) revert CircuitExists(circuitId);
        address verifier = info.verifier;
        if (verifier == address(0)) revert ZeroAddress();
        (bool ok, bytes32 actual) = _staticWord(verifier, IGroth16Verifier.verificationKeyHash.selector);
        if (!ok || actual != circuitId) revert CircuitIdMismatch(circuitId, actual);
        (bool countOk, bytes32 count) = _staticWord(verifier, IGroth16Verifier.publicInputCount.selector);
        if (!countOk || uint256(count) < MIN_PUBLIC_INPUTS) revert TooFewPublicInputs(uint256(count));
        uint256 index = _circuitIds.length;
        if (index > MASK16) revert CapacityExceeded();

        _circuitIds.push(circuitId);
        _circuitState[circuitId] = CircuitState({
            verifier: verifier,
            deprecated: false,
            fixedConfig: info.configHash != 0,
            index: uint16(index),
            attestations: 0
        });
        CircuitRecord storage record = _circuitRecord[circuitId];
        record.info = info;
        record.registeredAt = uint64(block.timestamp);
        emit CircuitRegistered(circuitId, verifier, info.developmentSetup, info.uri);
    }

    /// @notice Stops new attestations under a circuit. Existing attestations stay.
    function deprecateCircuit(bytes32 circuitId) external onlyAdmin {
        CircuitState storage state = _circuitState[circuitId];
        if (state.verifier == address(0)) revert UnknownCircuit(circuitId);
        if (state.deprecated) revert CircuitIsDeprecated(circuitId);
        state.deprecated = true;
        emit CircuitDeprecated(circuitId);
    }

    function getCircuit(bytes32 circuitId)
        external
        view
        returns (CircuitInfo memory info, bool deprecated, uint64 registeredAt)
    {
        CircuitState storage state = _circuitState[circuitId];
        if (state.verifier == address(0)) revert UnknownCircuit(circuitId);
        CircuitRecord storage record = _circuitRecord[circuitId];
        return (record.info, state.deprecated, record.registeredAt);
    }

    // ---------------------------------------------------------------- attestations

    /// @notice Verifies a proof and records the attestation.
    /// publicInputs: [dataCommitment, modelCommitment, configHash, publisher, ...extras]; publisher must be the sender.
    function attest(bytes32 circuitId, uint256[8] calldata proof, uint256[] calldata publicInputs, string calldata uri)
        external
        returns (bytes32 id)
    {
        CircuitState memory state = _circuitState[circuitId];
        if (state.verifier == address(0)) revert UnknownCircuit(circuitId);
        if (state.deprecated) revert CircuitIsDeprecated(circuitId);
        _checkPublicInputs(publicInputs);

        id = keccak256(abi.encode(circuitId, publicInputs[1], publicInputs[0]));
        if (_header[id] != 0) revert AlreadyAttested(id);

        _verify(state.verifier, proof, publicInputs);
        _record(id, circuitId, state, publicInputs[1], publicInputs[0], publicInputs[2]);
        emit AttestationRecorded(id, msg.sender, publicInputs[1], publicInputs[0], circuitId, publicInputs[2], uri);
    }

    /// @dev At least 4 inputs, every input in the scalar field, input 3 is the sender's address.
    function _checkPublicInputs(uint256[] calldata publicInputs) private view {
        uint256 n = publicInputs.length;
        if (n < MIN_PUBLIC_INPUTS) revert TooFewPublicInputs(n);
        for (uint256 i; i < n; ++i) {
            if (publicInputs[i] >= SNARK_SCALAR_FIELD) revert PublicInputNotInField(i);
        }
        uint256 publisherInput = publicInputs[3];
        if (publisherInput != uint256(uint160(msg.sender))) {
            // An input wider than 160 bits is not an address at all: report the zero address.
            address expected = publisherInput >> 160 == 0 ? address(uint160(publisherInput)) : address(0);
            revert PublisherMismatch(expected, msg.sender);
        }
    }

    /// @dev Stores a verified attestation: header, values, and both paging indexes.
    function _record(bytes32 id, bytes32 circuitId, CircuitState memory state, uint256 model, uint256 data, uint256 config)
        private
    {
        uint256 seq = state.attestations;
        if (seq == MASK32) revert CapacityExceeded();
        _circuitState[circuitId].attestations = uint32(seq + 1);

        uint256 key = (uint256(state.index) << 32) | seq;
        uint256 header = uint256(uint160(msg.sender)) | ((block.timestamp & MASK40) << TIMESTAMP_SHIFT)
            | (uint256(state.index) << CIRCUIT_INDEX_SHIFT) | (seq << SEQ_SHIFT);
        Values storage values = _values[key];
        values.model = model;
        values.data = data;
        if (state.fixedConfig && config == _circuitRecord[circuitId].info.configHash) {
            header |= CONFIG_FROM_CIRCUIT_BIT;
        } else {
            values.config = config;
        }
        _header[id] = header;

        _append(_byModel[model], key);
        _append(_byPublisher[msg.sender], key);
    }

    /// @notice Marks an attestation revoked. Only its publisher may; the record stays readable.
    function revoke(bytes32 id) external {
        uint256 header = _header[id];
        if (header == 0) revert UnknownAttestation(id);
        if (address(uint160(header)) != msg.sender) revert NotPublisher(id);
        if (header & REVOKED_BIT != 0) revert AlreadyRevoked(id);
        _header[id] = header | REVOKED_BIT;
        emit AttestationRevoked(id, msg.sender);
    }

    function getAttestation(bytes32 id) external view returns (Attestation memory a) {
        uint256 header = _header[id];
        if (header == 0) revert UnknownAttestation(id);
        bytes32 circuitId = _circuitIds[(header >> CIRCUIT_INDEX_SHIFT) & MASK16];
        Values storage values = _values[(((header >> CIRCUIT_INDEX_SHIFT) & MASK16) << 32) | (header >> SEQ_SHIFT)];
        a.circuitId = circuitId;
        a.publisher = address(uint160(header));
        a.timestamp = uint64((header >> TIMESTAMP_SHIFT) & MASK40);
        a.revoked = header & REVOKED_BIT != 0;
        a.modelCommitment = values.model;
        a.dataCommitment = values.data;
        a.configHash = header & CONFIG_FROM_CIRCUIT_BIT != 0 ? _circuitRecord[circuitId].info.configHash : values.config;
    }

    /// @notice True when some registered circuit (deprecated ones included) holds a non-revoked attestation
    /// of this model on this data. Cost grows with the number of registered circuits (admin-bounded).
    function isAttested(uint256 modelCommitment, uint256 dataCommitment) external view returns (bool) {
        uint256 count = _circuitIds.length;
        for (uint256 i; i < count; ++i) {
            uint256 header = _header[keccak256(abi.encode(_circuitIds[i], modelCommitment, dataCommitment))];
            if (header != 0 && header & REVOKED_BIT == 0) return true;
        }
        return false;
    }

    /// @notice Ids in recording order; offset at or beyond total gives an empty page; at most 100 ids per call.
    function attestationsByModel(uint256 modelCommitment, uint256 offset, uint256 limit)
        external
        view
        returns (bytes32[] memory ids, uint256 total)
    {
        return _page(_byModel[modelCommitment], offset, limit);
    }

    /// @notice Ids in recording order; offset at or beyond total gives an empty page; at most 100 ids per call.
    function attestationsByPublisher(address publisher, uint256 offset, uint256 limit)
        external
        view
        returns (bytes32[] memory ids, uint256 total)
    {
        return _page(_byPublisher[publisher], offset, limit);
    }

    /// @notice Number of attestations ever recorded (revoked ones included).
    function attestationCount() external view returns (uint256 total) {
        uint256 count = _circuitIds.length;
        for (uint256 i; i < count; ++i) {
            total += _circuitState[_circuitIds[i]].attestations;
        }
    }

    // ---------------------------------------------------------------- internals

    /// @dev Calls the verifier. Accepts only a successful call returning exactly the ABI word `true`.
    /// A verifier revert with data (its custom error) is re-thrown unchanged; an empty revert or a
    /// malformed return becomes InvalidProof().
    function _verify(address verifier, uint256[8] calldata proof, uint256[] calldata publicInputs) private view {
        (bool success, bytes memory ret) =
            verifier.staticcall(abi.encodeCall(IGroth16Verifier.verifyProof, (proof, publicInputs)));
        if (!success) {
            if (ret.length == 0) revert InvalidProof();
            assembly ("memory-safe") {
                revert(add(ret, 32), mload(ret))
            }
        }
        if (ret.length != 32 || abi.decode(ret, (uint256)) != 1) revert InvalidProof();
    }

    /// @dev Static call of a no-argument function returning one word; ok=false when the target has no code,
    /// reverts, or returns anything but exactly one word.
    function _staticWord(address target, bytes4 selector) private view returns (bool ok, bytes32 word) {
        if (target.code.length == 0) return (false, bytes32(0));
        (bool success, bytes memory ret) = target.staticcall(abi.encodeWithSelector(selector));
        if (!success || ret.length != 32) return (false, bytes32(0));
        return (true, abi.decode(ret, (bytes32)));
    }

    function _append(mapping(uint256 => uint256) storage list, uint256 entry) private {
        uint256 head = list[0];
        uint256 count = head & MASK32;
        if (count == MASK32) revert CapacityExceeded();
        if (count < HEAD_ENTRIES) {
            list[0] = (head + 1) | (entry << (32 + 48 * count));
        } else {
            uint256 k = count - HEAD_ENTRIES;
            uint256 slot = 1 + k / CHUNK_ENTRIES;
            list[slot] = list[slot] | (entry << (48 * (k % CHUNK_ENTRIES)));
            list[0] = head + 1;
        }
    }

    function _page(mapping(uint256 => uint256) storage list, uint256 offset, uint256 limit)
        private
        view
        returns (bytes32[] memory ids, uint256 total)
    {
        uint256 head = list[0];
        total = head & MASK32;
        if (offset >= total || limit == 0) return (new bytes32[](0), total);
        uint256 n = total - offset;
        if (limit < n) n = limit;
        if (n > MAX_PAGE) n = MAX_PAGE;
        ids = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            uint256 k = offset + i;
            uint256 key;
            if (k < HEAD_ENTRIES) {
                key = (head >> (32 + 48 * k)) & MASK48;
            } else {
                k -= HEAD_ENTRIES;
                key = (list[1 + k / CHUNK_ENTRIES] >> (48 * (k % CHUNK_ENTRIES))) & MASK48;
            }
            Values storage values = _values[key];
            ids[i] = keccak256(abi.encode(_circuitIds[key >> 32], values.model, values.data));
        }
    }
}
