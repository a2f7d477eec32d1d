#if canImport(Glibc)
    import Glibc
#endif

/// Byte-wise substring search (`memmem` is not exported by the Glibc module): `memchr` for the
/// first byte, then `memcmp`.
enum ByteSearch {
    /// The offset of the first occurrence of `needle` in `haystack` at or after `start`.
    static func find(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, from start: Int = 0) -> Int?
    {
        guard !needle.isEmpty else { return start <= haystack.count ? start : nil }
        guard haystack.count >= needle.count, let base = haystack.baseAddress, let pattern = needle.baseAddress else {
            return nil
        }
        let lastStart = haystack.count - needle.count
        var index = start
        while index <= lastStart {
            guard let hit = memchr(base + index, Int32(needle[0]), lastStart - index + 1) else { return nil }
            let offset = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + offset, pattern, needle.count) == 0 { return offset }
            index = offset + 1
        }
        return nil
    }
}
