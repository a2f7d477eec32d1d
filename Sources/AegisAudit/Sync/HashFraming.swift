import Crypto

/// The framing every evidence hash uses (docs/cache.md): per value, `0x00` for NULL, or `0x01`,
/// the length as 4 bytes big-endian, and the bytes. Reuses its buffer; one per writer.
struct HashFraming {
    private var input: [UInt8] = []

    mutating func reset() { input.removeAll(keepingCapacity: true) }

    mutating func appendNull() { input.append(0) }

    mutating func append<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let length = UInt32(truncatingIfNeeded: bytes.count)
        input.append(1)
        input.append(UInt8(truncatingIfNeeded: length >> 24))
        input.append(UInt8(truncatingIfNeeded: length >> 16))
        input.append(UInt8(truncatingIfNeeded: length >> 8))
        input.append(UInt8(truncatingIfNeeded: length))
        input.append(contentsOf: bytes)
    }

    /// SHA-256 of everything appended since the last reset.
    func digest() -> [UInt8] { input.withUnsafeBytes { Array(SHA256.hash(data: $0)) } }
}
