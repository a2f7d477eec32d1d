import Crypto

/// An order-independent digest of a set of rows: the sum, modulo 2^256, of one SHA-256 hash per
/// row (its `row_hash`, `entry_hash`, or the hash of a replacement), and how many were added.
///
/// Rows stream in whatever order the source sends them; a sum lets a sync seal them as they
/// pass, with no extra read, and lets `verify` recompute the same value from the cache in any
/// order. It detects any accidental or casual edit; like every additive hash it is not
/// collision-resistant against someone able to craft thousands of rows (docs/forensics.md).
public struct RowSetDigest: Sendable, Equatable {
    /// Items added.
    public private(set) var count: Int64 = 0
    /// The sum as four 64-bit limbs, most significant first.
    private var high: UInt64 = 0, upper: UInt64 = 0, lower: UInt64 = 0, low: UInt64 = 0

    public init() {}

    /// The digest stored as `bytes` (32 bytes, big-endian) for `count` items.
    init?(bytes: [UInt8], count: Int64) {
        guard bytes.count == 32 else { return nil }
        self.count = count
        high = Self.limb(bytes, 0)
        upper = Self.limb(bytes, 8)
        lower = Self.limb(bytes, 16)
        low = Self.limb(bytes, 24)
    }

    /// Adds one 32-byte hash, read as a big-endian number.
    mutating func add(_ hash: [UInt8]) {
        guard hash.count == 32 else { return }
        count += 1
        var carry: Bool
        (low, carry) = low.addingReportingOverflow(Self.limb(hash, 24))
        (lower, carry) = Self.add(lower, Self.limb(hash, 16), carry)
        (upper, carry) = Self.add(upper, Self.limb(hash, 8), carry)
        (high, _) = Self.add(high, Self.limb(hash, 0), carry)
    }

    /// Adds every item of `other`.
    mutating func add(_ other: RowSetDigest) {
        count += other.count
        var carry: Bool
        (low, carry) = low.addingReportingOverflow(other.low)
        (lower, carry) = Self.add(lower, other.lower, carry)
        (upper, carry) = Self.add(upper, other.upper, carry)
        (high, _) = Self.add(high, other.high, carry)
    }

    /// The sum as 32 bytes, big-endian.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for limb in [high, upper, lower, low] {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: limb >> shift)) }
        }
        return out
    }

    /// The item that stands for "this sync replaced the version hashed `rowHash`" (a history
    /// row's `replaced_by_sync_id`): SHA-256 of the framed word `replaced` and the hash.
    static func replacedItem(_ rowHash: [UInt8]) -> [UInt8] {
        var framing = HashFraming()
        framing.append("replaced".utf8)
        framing.append(rowHash)
        return framing.digest()
    }

    private static func limb(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in offset..<offset + 8 { value = value << 8 | UInt64(bytes[index]) }
        return value
    }

    private static func add(_ a: UInt64, _ b: UInt64, _ carryIn: Bool) -> (UInt64, Bool) {
        let (sum, overflow1) = a.addingReportingOverflow(b)
        let (total, overflow2) = sum.addingReportingOverflow(carryIn ? 1 : 0)
        return (total, overflow1 || overflow2)
    }
}
