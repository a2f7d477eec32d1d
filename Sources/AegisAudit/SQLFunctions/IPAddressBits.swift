#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IP address as 128 bits, parsed with `inet_pton`. An IPv4 address is held in its
/// IPv4-mapped form (`::ffff:a.b.c.d`), so one masked comparison serves both families, and
/// `::ffff:10.1.2.3` and `10.1.2.3` are the same address.
struct IPAddressBits {
    var high: UInt64
    var low: UInt64
    /// Written as a dotted quad (not as IPv6 text).
    var writtenAsIPv4: Bool

    /// The high word of every IPv4-mapped address, and the top 32 bits of its low word.
    static let mappedHigh: UInt64 = 0
    static let mappedLowPrefix: UInt64 = 0x0000_FFFF_0000_0000

    /// Whether the address is IPv4 or IPv4-mapped IPv6.
    var isIPv4: Bool { high == Self.mappedHigh && low & 0xFFFF_FFFF_0000_0000 == Self.mappedLowPrefix }
    /// The IPv4 address, meaningful when ``isIPv4``.
    var ipv4: UInt32 { UInt32(truncatingIfNeeded: low) }

    /// Parses the zero-terminated text of `count` bytes at `text` (as `sqlite3_value_text`
    /// gives it): a dotted quad or IPv6 text; nil for anything else (ports, zones, spaces).
    @inline(__always)
    init?(zeroTerminated text: UnsafePointer<UInt8>, count: Int) {
        // 45 = the longest IPv6 text ("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255").
        guard count > 0, count <= 45 else { return nil }
        var colon = false
        for index in 0..<count {
            let byte = text[index]
            if byte == 0 { return nil }  // an embedded NUL would hide the rest from inet_pton
            if byte == UInt8(ascii: ":") { colon = true }
        }
        var words: (UInt64, UInt64) = (0, 0)
        let parsed = withUnsafeMutableBytes(of: &words) { raw in
            inet_pton(
                colon ? AF_INET6 : AF_INET, UnsafeRawPointer(text).assumingMemoryBound(to: CChar.self),
                raw.baseAddress!)
        }
        guard parsed == 1 else { return nil }
        if colon {
            high = UInt64(bigEndian: words.0)
            low = UInt64(bigEndian: words.1)
            writtenAsIPv4 = false
        } else {
            // inet_pton wrote the four bytes, in network order, at the start of words.0.
            let quad = withUnsafeBytes(of: &words) { UInt32(bigEndian: $0.loadUnaligned(as: UInt32.self)) }
            high = Self.mappedHigh
            low = Self.mappedLowPrefix | UInt64(quad)
            writtenAsIPv4 = true
        }
    }

    /// Parses a Swift string (slow path: CIDR text, tests).
    init?(_ text: String) {
        var text = text
        guard
            let parsed = text.withUTF8({ bytes -> IPAddressBits? in
                // withUTF8 does not promise a terminator: copy with one.
                let copy = Array(bytes) + [0]
                return copy.withUnsafeBufferPointer {
                    IPAddressBits(zeroTerminated: $0.baseAddress!, count: bytes.count)
                }
            })
        else { return nil }
        self = parsed
    }
}
