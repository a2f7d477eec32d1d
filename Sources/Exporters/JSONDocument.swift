/// Which text in a JSON column is embedded in JSON exports as JSON: valid objects and arrays.
/// Scalars (`"x"`, `5`, `null`) stay strings, so that reading an export back is unambiguous.
enum JSONDocument {
    static func isEmbeddable(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isEmbeddable(utf8: $0) }
    }

    static func isEmbeddable(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }),
            first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        else { return false }
        return JSONSyntax.isValid(utf8: bytes)
    }
}
