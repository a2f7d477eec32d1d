/// Writes JSON string literals: the one escaping every module uses (records, exports, stream
/// keys, findings).
public enum JSONText {
    /// `"text"` with the escapes RFC 8259 requires (quote, backslash, control characters) and
    /// U+2028/U+2029 escaped so the text is also safe inside JavaScript; everything else is
    /// written as UTF-8.
    public static func string(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
