/// The literal text every match of an anchored pattern must start with, derived from the
/// pattern text conservatively (empty when unsure), so that a line can be turned away with a
/// byte comparison before the regex engine is called: `^Policy updated: (?<n>.+)` → "Policy
/// updated: ". Only patterns that start with `^` (optionally after `(?s)`) and have no
/// top-level alternation qualify.
enum LiteralPrefix {
    static func of(_ pattern: String) -> [UInt8] {
        var bytes = Array(pattern.utf8)
        if bytes.starts(with: Array("(?s)".utf8)) { bytes.removeFirst(4) }
        guard bytes.first == UInt8(ascii: "^"), !hasTopLevelAlternation(bytes) else { return [] }
        var literal: [UInt8] = []
        var index = 1
        while index < bytes.count {
            var byte = bytes[index]
            var width = 1
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count, escapable.contains(bytes[index + 1]) else { break }
                byte = bytes[index + 1]
                width = 2
            } else if !plain(byte) {
                break
            }
            let next = index + width < bytes.count ? bytes[index + width] : 0
            if next == UInt8(ascii: "?") || next == UInt8(ascii: "*") || next == UInt8(ascii: "{") { break }
            literal.append(byte)
            if next == UInt8(ascii: "+") { break }
            index += width
        }
        return literal
    }

    /// Punctuation that `\` makes literal.
    private static let escapable: Set<UInt8> = Set("[](){}.*+?^$|\\/-:#".utf8)

    /// Bytes that stand for themselves outside a class (letters, digits, some punctuation, and
    /// any non-ASCII byte).
    private static func plain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: "_"), UInt8(ascii: "-"),
            UInt8(ascii: "/"), UInt8(ascii: ","), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "@"),
            UInt8(ascii: "!"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: ";"), UInt8(ascii: "<"),
            UInt8(ascii: ">"):
            return true
        default:
            return byte >= 0x80
        }
    }

    /// Whether a `|` stands outside every group and class (then `^` anchors one branch only).
    private static func hasTopLevelAlternation(_ bytes: [UInt8]) -> Bool {
        var depth = 0
        var inClass = false
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 1
            case UInt8(ascii: "[") where !inClass: inClass = true
            case UInt8(ascii: "]") where inClass: inClass = false
            case UInt8(ascii: "(") where !inClass: depth += 1
            case UInt8(ascii: ")") where !inClass: depth -= 1
            case UInt8(ascii: "|") where !inClass && depth == 0: return true
            default: break
            }
            index += 1
        }
        return false
    }
}
