/// Text made safe for HTML: markup characters become entities, and characters that could hide
/// or disguise what a hostile log line says (control characters, bidirectional overrides, line
/// and paragraph separators) are shown as visible escapes such as `\u{202E}`.
enum HTMLText {
    /// `text` escaped for element content and quoted attribute values.
    static func escape(_ text: String) -> String {
        escaped(text) { "<span class=\"ctl\">" + $0 + "</span>" }
    }

    /// `text` escaped and cut after `limit` characters, saying how much was left out.
    static func escape(_ text: String, limit: Int) -> String {
        guard text.count > limit else { return escape(text) }
        let rest = text.count - limit
        return escape(String(text.prefix(limit))) + "<span class=\"cut\">… (\(rest) more characters)</span>"
    }

    /// `text` escaped for an attribute value, where a visible-escape span cannot go.
    static func attribute(_ text: String) -> String { escaped(text) { $0 } }

    /// Markup characters as entities; a hidden character as its visible escape (`\u{202E}`),
    /// wrapped by `showHidden`.
    private static func escaped(_ text: String, showHidden: (String) -> String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if isHidden(scalar) {
                    out += showHidden("\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `900,000`: a count with thousands separated.
    static func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Characters not shown as themselves: C0 and C1 controls, DEL, bidirectional embeddings,
    /// overrides and isolates, line and paragraph separators, zero-width characters and BOM.
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2069, 0xFEFF: return true
        default: return false
        }
    }
}
