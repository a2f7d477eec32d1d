/// Which text in a JSON column is embedded in JSON exports as JSON: valid objects and arrays.
/// Scalars (`"x"`, `5`, `null`) stay strings, so that reading an export back is unambiguous.
enum JSONDocument {
    static func isEmbeddable(_ text: String) -> Bool {
        guard let first = text.utf8.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }),
            first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        else { return false }
        return JSONSyntax.isValid(text)
    }
}
