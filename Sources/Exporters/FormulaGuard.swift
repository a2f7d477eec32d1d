/// Neutralises CSV cells a spreadsheet would run as a formula (OWASP's advice): a cell whose
/// text starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a single quote in
/// front, so it shows as text. A cell that already starts with quotes before such a character
/// gets one more, so that ``restore(_:)`` gives back exactly the original text.
enum FormulaGuard {
    /// `text` as it is safe to put in a CSV cell.
    static func neutralise(_ text: String) -> String {
        needsQuote(text) ? "'" + text : text
    }

    /// The original text of a cell written by ``neutralise(_:)``.
    static func restore(_ cell: String) -> String {
        guard cell.utf8.first == UInt8(ascii: "'"), needsQuote(String(cell.dropFirst())) else { return cell }
        return String(cell.dropFirst())
    }

    /// Whether the first character after any leading single quotes starts a formula.
    private static func needsQuote(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { needsQuote($0) }
    }

    /// ``needsQuote(_:)`` for text that is already UTF-8 bytes.
    static func needsQuote(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = utf8.first(where: { $0 != UInt8(ascii: "'") }) else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: return true
        default: return false
        }
    }
}
