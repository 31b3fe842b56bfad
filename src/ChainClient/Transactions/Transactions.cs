using System.Numerics;
using ZkChain.ChainClient.Primitives;
using ZkChain.ChainClient.Rlp;
using ZkChain.ChainClient.Signing;

namespace ZkChain.ChainClient.Transactions;

/// <summary>An EIP-2930 access list entry.</summary>
public sealed record AccessListEntry(Address Address, IReadOnlyList<byte[]> StorageKeys);

/// <summary>An unsigned transaction: knows its signing hash and how to serialize itself with a signature.</summary>
public interface IUnsignedTransaction
{
    BigInteger ChainId { get; }
    BigInteger Nonce { get; }
    BigInteger GasLimit { get; }
    Address? To { get; }
    BigInteger Value { get; }
    ReadOnlyMemory<byte> Data { get; }
    /// <summary>The hash the sender signs.</summary>
    byte[] SigningHash();
    /// <summary>The raw signed transaction (what eth_sendRawTransaction takes).</summary>
    byte[] Serialize(EcdsaSignature signature);
}

internal static class TxRlp
{
    public static byte[] To(Address? to) => RlpEncoder.EncodeBytes(to.HasValue ? to.Value.Bytes : ReadOnlySpan<byte>.Empty);

    public static byte[] AccessList(IReadOnlyList<AccessListEntry> list) =>
        RlpEncoder.EncodeList(list.Select(e => RlpEncoder.EncodeList(
            RlpEncoder.EncodeBytes(e.Address.Bytes),
            RlpEncoder.EncodeList(e.StorageKeys.Select(k => k.Length == 32 ? RlpEncoder.EncodeBytes(k) : throw new ArgumentException("access list storage keys are 32 bytes"))))));

    public static void CheckNonNegative(BigInteger v, string name)
    {
        if (v.Sign < 0) throw new ArgumentOutOfRangeException(name, $"{name} cannot be negative");
        if (v.GetBitLength() > 256) throw new ArgumentOutOfRangeException(name, $"{name} does not fit 256 bits");
    }

    public static byte[] Prepend(byte type, byte[] body)
    {
        var r = new byte[body.Length + 1];
        r[0] = type;
        body.CopyTo(r, 1);
        return r;
    }
}

/// <summary>
/// A legacy (type 0) transaction. With a chain id it is signed per EIP-155 (v = recId + 2·chainId + 35); with chain id 0 it
/// uses the pre-EIP-155 form (v = 27 + recId), which most nodes refuse.
/// </summary>
public sealed record LegacyTransaction(
    BigInteger ChainId,
    BigInteger Nonce,
    BigInteger GasPrice,
    BigInteger GasLimit,
    Address? To,
    BigInteger Value,
    ReadOnlyMemory<byte> Data) : IUnsignedTransaction
{
    private byte[][] Fields()
    {
        TxRlp.CheckNonNegative(ChainId, nameof(ChainId));
        TxRlp.CheckNonNegative(Nonce, nameof(Nonce));
        TxRlp.CheckNonNegative(GasPrice, nameof(GasPrice));
        TxRlp.CheckNonNegative(GasLimit, nameof(GasLimit));
        TxRlp.CheckNonNegative(Value, nameof(Value));
        return
        [
            RlpEncoder.EncodeUInt(Nonce), RlpEncoder.EncodeUInt(GasPrice), RlpEncoder.EncodeUInt(GasLimit),
            TxRlp.To(To), RlpEncoder.EncodeUInt(Value), RlpEncoder.EncodeBytes(Data.Span),
        ];
    }

    public byte[] SigningPayload()
    {
        var f = Fields();
        return ChainId.IsZero
            ? RlpEncoder.EncodeList(f)
            : RlpEncoder.EncodeList([.. f, RlpEncoder.EncodeUInt(ChainId), RlpEncoder.EncodeUInt(0), RlpEncoder.EncodeUInt(0)]);
    }

    public byte[] SigningHash() => Keccak.Hash(SigningPayload());

    public BigInteger V(byte recoveryId) => ChainId.IsZero ? 27 + recoveryId : ChainId * 2 + 35 + recoveryId;

    public byte[] Serialize(EcdsaSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return RlpEncoder.EncodeList([.. Fields(), RlpEncoder.EncodeUInt(V(signature.RecoveryId)),
            RlpEncoder.EncodeUInt(new BigInteger(signature.R, true, true)), RlpEncoder.EncodeUInt(new BigInteger(signature.S, true, true))]);
    }
}

/// <summary>An EIP-1559 (type 2) transaction.</summary>
public sealed record Eip1559Transaction(
    BigInteger ChainId,
    BigInteger Nonce,
    BigInteger MaxPriorityFeePerGas,
    BigInteger MaxFeePerGas,
    BigInteger GasLimit,
    Address? To,
    BigInteger Value,
    ReadOnlyMemory<byte> Data,
    IReadOnlyList<AccessListEntry>? AccessList = null) : IUnsignedTransaction
{
    public const byte TypeByte = 0x02;

    private byte[][] Fields()
    {
        TxRlp.CheckNonNegative(ChainId, nameof(ChainId));
        TxRlp.CheckNonNegative(Nonce, nameof(Nonce));
        TxRlp.CheckNonNegative(MaxPriorityFeePerGas, nameof(MaxPriorityFeePerGas));
        TxRlp.CheckNonNegative(MaxFeePerGas, nameof(MaxFeePerGas));
        TxRlp.CheckNonNegative(GasLimit, nameof(GasLimit));
        TxRlp.CheckNonNegative(Value, nameof(Value));
        if (MaxPriorityFeePerGas > MaxFeePerGas) throw new ArgumentException("MaxPriorityFeePerGas exceeds MaxFeePerGas", nameof(MaxPriorityFeePerGas));
        return
        [
            RlpEncoder.EncodeUInt(ChainId), RlpEncoder.EncodeUInt(Nonce), RlpEncoder.EncodeUInt(MaxPriorityFeePerGas),
            RlpEncoder.EncodeUInt(MaxFeePerGas), RlpEncoder.EncodeUInt(GasLimit), TxRlp.To(To), RlpEncoder.EncodeUInt(Value),
            RlpEncoder.EncodeBytes(Data.Span), TxRlp.AccessList(AccessList ?? []),
        ];
    }

    public byte[] SigningPayload() => TxRlp.Prepend(TypeByte, RlpEncoder.EncodeList(Fields()));

    public byte[] SigningHash() => Keccak.Hash(SigningPayload());

    public byte[] Serialize(EcdsaSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (signature.RecoveryId > 1) throw new ArgumentException("a type-2 signature needs y parity 0 or 1", nameof(signature));
        return TxRlp.Prepend(TypeByte, RlpEncoder.EncodeList([.. Fields(), RlpEncoder.EncodeUInt(signature.RecoveryId),
            RlpEncoder.EncodeUInt(new BigInteger(signature.R, true, true)), RlpEncoder.EncodeUInt(new BigInteger(signature.S, true, true))]));
    }
}

/// <summary>A signed transaction: its raw bytes, hash and the parts.</summary>
public sealed record SignedTransaction(IUnsignedTransaction Transaction, EcdsaSignature Signature, byte[] Raw)
{
    /// <summary>The transaction hash (keccak256 of the raw bytes).</summary>
    public byte[] Hash => Keccak.Hash(Raw);
    public string HashHex => Hex.ToHex(Hash);
    public string RawHex => Hex.ToHex(Raw);

    /// <summary>Recovers the sender from the signature (ecrecover over the signing hash).</summary>
    public Address RecoverSender() => Secp256k1.RecoverAddress(Transaction.SigningHash(), Signature);

    /// <summary>
    /// Decodes a raw signed legacy or type-2 transaction (strict RLP, canonical integers, low-s not required).
    /// Throws <see cref="InvalidDataException"/> when malformed.
    /// </summary>
    public static SignedTransaction Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.Length == 0) throw new InvalidDataException("transaction: empty");
        var bytes = raw.ToArray();
        if (bytes[0] == Eip1559Transaction.TypeByte)
        {
            var list = RlpDecoder.Decode(bytes.AsMemory(1));
            if (!list.IsList || list.Items.Count != 12) throw new InvalidDataException("type-2 transaction: expected a list of 12 fields");
            var f = list.Items;
            var tx = new Eip1559Transaction(f[0].AsUInt("chainId"), f[1].AsUInt("nonce"), f[2].AsUInt("maxPriorityFeePerGas"),
                f[3].AsUInt("maxFeePerGas"), f[4].AsUInt("gas"), DecodeTo(f[5]), f[6].AsUInt("value"), f[7].AsBytes("data"), DecodeAccessList(f[8]));
            var yParity = f[9].AsUInt("yParity");
            if (yParity > 1) throw new InvalidDataException("type-2 transaction: yParity must be 0 or 1");
            var sig = new EcdsaSignature(Word(f[10], "r"), Word(f[11], "s"), (byte)yParity);
            if (!tx.Serialize(sig).AsSpan().SequenceEqual(bytes)) throw new InvalidDataException("type-2 transaction: not canonically encoded");
            return new SignedTransaction(tx, sig, bytes);
        }
        if (bytes[0] < 0xc0) throw new InvalidDataException($"transaction: unsupported type 0x{bytes[0]:x2}");
        {
            var list = RlpDecoder.Decode(bytes);
            if (!list.IsList || list.Items.Count != 9) throw new InvalidDataException("legacy transaction: expected a list of 9 fields");
            var f = list.Items;
            var v = f[6].AsUInt("v");
            BigInteger chainId;
            byte recId;
            if (v == 27 || v == 28)
            {
                chainId = 0;
                recId = (byte)(v - 27);
            }
            else if (v >= 37)
            {
                chainId = (v - 35) / 2;
                recId = (byte)((v - 35) % 2);
            }
            else
            {
                throw new InvalidDataException($"legacy transaction: invalid v {v}");
            }
            var tx = new LegacyTransaction(chainId, f[0].AsUInt("nonce"), f[1].AsUInt("gasPrice"), f[2].AsUInt("gas"), DecodeTo(f[3]),
                f[4].AsUInt("value"), f[5].AsBytes("data"));
            var sig = new EcdsaSignature(Word(f[7], "r"), Word(f[8], "s"), recId);
            if (!tx.Serialize(sig).AsSpan().SequenceEqual(bytes)) throw new InvalidDataException("legacy transaction: not canonically encoded");
            return new SignedTransaction(tx, sig, bytes);
        }
    }

    private static byte[] Word(RlpItem item, string field)
    {
        var v = item.AsUInt(field);
        var b = new byte[32];
        if (!v.IsZero) v.ToByteArray(true, true).CopyTo(b, 32 - v.GetByteCount(true));
        return b;
    }

    private static Address? DecodeTo(RlpItem item)
    {
        var b = item.AsBytes("to");
        return b.Length switch
        {
            0 => null,
            20 => new Address(b),
            _ => throw new InvalidDataException($"transaction: 'to' must be empty or 20 bytes, got {b.Length}"),
        };
    }

    private static IReadOnlyList<AccessListEntry> DecodeAccessList(RlpItem item)
    {
        if (!item.IsList) throw new InvalidDataException("transaction: access list must be a list");
        return item.Items.Select(e =>
        {
            if (!e.IsList || e.Items.Count != 2 || !e.Items[1].IsList) throw new InvalidDataException("transaction: malformed access list entry");
            var a = e.Items[0].AsBytes("access list address");
            if (a.Length != 20) throw new InvalidDataException("transaction: access list address must be 20 bytes");
            var keys = e.Items[1].Items.Select(k =>
            {
                var kb = k.AsBytes("storage key");
                return kb.Length == 32 ? kb : throw new InvalidDataException("transaction: storage key must be 32 bytes");
            }).ToArray();
            return new AccessListEntry(new Address(a), keys);
        }).ToArray();
    }
}

public static class TransactionSigner
{
    /// <summary>Signs a transaction with the key and returns the raw bytes and hash.</summary>
    public static SignedTransaction Sign(this IUnsignedTransaction tx, PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(key);
        var sig = key.SignHash(tx.SigningHash());
        return new SignedTransaction(tx, sig, tx.Serialize(sig));
    }
}
