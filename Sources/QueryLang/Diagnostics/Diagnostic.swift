/// A byte range in the query text. Line and column are computed only when rendered.
public struct Span: Sendable, Equatable {
    public let start: Int
    public let end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest span covering both.
    public func through(_ other: Span) -> Span { Span(min(start, other.start), max(end, other.end)) }
}

/// A problem found in a query: stable id, message, where, and hints.
public struct Diagnostic: Error, Sendable, Equatable {
    public let id: DiagnosticID
    public let message: String
    public let span: Span
    public let hints: [String]

    public init(_ id: DiagnosticID, _ message: String, at span: Span, hints: [String] = []) {
        self.id = id
        self.message = message
        self.span = span
        self.hints = hints
    }

    /// `query:LINE:COLUMN: error[Q0xx]: message`, the line, a caret under the column (columns
    /// count characters, not bytes), then each hint.
    public func render(in query: String) -> String {
        let bytes = Array(query.utf8)
        let offset = min(span.start, bytes.count)
        let lineStart = bytes[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let lineEnd = bytes[offset...].firstIndex(of: 0x0A) ?? bytes.count
        let lineNumber = bytes[..<offset].filter { $0 == 0x0A }.count + 1
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
        let lineText = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
        let width = max(1, String(decoding: bytes[offset..<min(max(span.end, offset), lineEnd)], as: UTF8.self).count)
        var text =
            "query:\(lineNumber):\(column): error[\(id.rawValue)]: \(message)\n  \(lineText)\n  "
            + String(repeating: " ", count: column - 1) + "^" + String(repeating: "~", count: width - 1)
        for hint in hints { text += "\n  hint: \(hint)" }
        return text
    }
}

/// One or more diagnostics: what compiling a query throws.
public struct QueryDiagnostics: Error, Sendable {
    public let query: String
    public let diagnostics: [Diagnostic]

    /// Every diagnostic rendered, one block each.
    public var rendered: String { diagnostics.map { $0.render(in: query) }.joined(separator: "\n") }
}

extension QueryDiagnostics: CustomStringConvertible {
    public var description: String { rendered }
}
