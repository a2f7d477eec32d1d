/// Normalises the client address a log line reports so that it joins with the dotted quads of
/// the audit tables: the IPv4-mapped IPv6 form Node reports on dual-stack sockets
/// ("::ffff:10.8.1.23") becomes "10.8.1.23"; "[2001:db8::1]:443" becomes "2001:db8::1";
/// "10.0.0.1:5000" becomes "10.0.0.1"; of an X-Forwarded-For list the first (client) entry is
/// kept. Other IPv6 text is kept as written.
enum IPAddressText {
    static func normalize(_ raw: String) -> String? {
        let range: Range<Int>?? = raw.utf8.withContiguousStorageIfAvailable { normalizedRange($0) }
        let bytes: [UInt8]? = range == nil ? Array(raw.utf8) : nil
        guard let found = range ?? bytes!.withUnsafeBufferPointer({ normalizedRange($0) }) else { return nil }
        if found.count == raw.utf8.count { return raw }
        if let bytes { return String(decoding: bytes[found], as: UTF8.self) }
        return raw.utf8.withContiguousStorageIfAvailable {
            String(decoding: UnsafeBufferPointer(rebasing: $0[found]), as: UTF8.self)
        }
    }

    /// The byte range of the address inside `bytes`, or nil when nothing usable is there.
    private static func normalizedRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var start = 0
        var end = bytes.count
        if let comma = bytes.firstIndex(of: UInt8(ascii: ",")) { end = comma }
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard start < end else { return nil }
        if bytes[start] == UInt8(ascii: "[") {
            // [v6]:port or [v6]
            guard let close = bytes[start..<end].firstIndex(of: UInt8(ascii: "]")) else { return nil }
            start += 1
            end = close
        } else {
            var colons = 0
            var lastColon = start
            for index in start..<end where bytes[index] == UInt8(ascii: ":") {
                colons += 1
                lastColon = index
            }
            if colons == 1 { end = lastColon }  // v4:port or host:port
        }
        if let mapped = ipv4Mapped(bytes, start..<end) { start = mapped }
        return start < end ? start..<end : nil
    }

    private static let mappedPrefix: [UInt8] = Array("::ffff:".utf8)

    /// Where the dotted quad starts after a case-insensitive "::ffff:" prefix, if that is what
    /// follows.
    private static func ipv4Mapped(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard range.count > mappedPrefix.count else { return nil }
        for (offset, expected) in mappedPrefix.enumerated() {
            let byte = bytes[range.lowerBound + offset]
            guard byte == expected || (expected >= 0x61 && byte == expected - 0x20) else { return nil }
        }
        let rest = (range.lowerBound + mappedPrefix.count)..<range.upperBound
        var dots = 0
        for index in rest {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                dots += 1
            } else if byte < 0x30 || byte > 0x39 {
                return nil
            }
        }
        return dots == 3 ? rest.lowerBound : nil
    }
}
