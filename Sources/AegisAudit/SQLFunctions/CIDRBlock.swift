internal import CSQLite

/// A network such as `10.0.0.0/8` or `2001:db8::/32`, held like ``IPAddressBits``: an IPv4
/// block `a.b.c.d/n` is the IPv4-mapped block `::ffff:a.b.c.d/(96+n)`, so it matches both
/// `10.1.2.3` and `::ffff:10.1.2.3`. A bare address is a /32 or /128. Host bits below the
/// prefix are ignored (`10.1.2.3/8` is `10.0.0.0/8`).
final class CIDRBlock {
    private let highNetwork: UInt64, lowNetwork: UInt64
    private let highMask: UInt64, lowMask: UInt64
    /// The prefix length in 128-bit terms.
    private let prefix: Int

    init(address: IPAddressBits, prefix: Int) {
        self.prefix = prefix
        highMask = prefix >= 64 ? ~0 : prefix == 0 ? 0 : ~0 << UInt64(64 - prefix)
        lowMask = prefix <= 64 ? 0 : ~0 << UInt64(128 - prefix)
        highNetwork = address.high & highMask
        lowNetwork = address.low & lowMask
    }

    /// Parses `text`, or returns a reason it is not a CIDR block.
    static func parse(_ text: String) -> Result<CIDRBlock, CIDRError> {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddressBits(String(parts[0])) else {
            return .failure(CIDRError(text: text, reason: "not an IPv4 or IPv6 address"))
        }
        let limit = address.writtenAsIPv4 ? 32 : 128
        var length = limit
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Int(digits), value <= limit
            else {
                return .failure(CIDRError(text: text, reason: "the prefix length must be 0 to \(limit)"))
            }
            length = value
        }
        return .success(CIDRBlock(address: address, prefix: address.writtenAsIPv4 ? 96 + length : length))
    }

    /// Whether `address` lies in the block. A dotted quad is never inside an IPv6 block wider
    /// than `::ffff:0:0/96` (`::/0` is "any IPv6 address", not "any address").
    @inline(__always)
    func contains(_ address: IPAddressBits) -> Bool {
        address.high & highMask == highNetwork && address.low & lowMask == lowNetwork
            && (prefix >= 96 || !address.writtenAsIPv4)
    }
}

/// Why a CIDR argument was refused.
struct CIDRError: Error, CustomStringConvertible {
    let text: String
    let reason: String
    var description: String { "invalid CIDR \(SQLFunctionValues.quoted(text)): \(reason)" }
}
