/// One unit of REPL input: a meta-command line, or a whole statement.
public enum ReplInput: Equatable, Sendable {
    case meta(String)
    case statement(String)
}

/// Collects lines until they make a statement: the continuation logic of the REPL, without
/// any terminal in it.
public struct StatementBuffer {
    public var language: ReplLanguage
    public private(set) var lines: [String] = []

    public init(language: ReplLanguage) { self.language = language }

    /// Whether no statement is in progress.
    public var isEmpty: Bool { lines.isEmpty }

    /// The lines so far, joined.
    public var text: String { lines.joined(separator: "\n") }

    /// Adds one line. Returns the input it completes, or nil when the statement goes on (or
    /// the line was blank outside any statement). `lookahead` gives the next line that is not
    /// blank when it can be known (a script); it is asked only when a statement seems complete and
    /// lets a QueryLang pipeline go on when that line starts with
    /// `|`, the style where each stage begins a line.
    public mutating func add(_ line: String, lookahead: () -> String? = { nil }) -> ReplInput? {
        if lines.isEmpty {
            let trimmed = line.trimmingSpaces()
            if trimmed.hasPrefix(".") { return .meta(trimmed) }
            if StatementScanner.isBlank(line, language: language) { return nil }
        }
        lines.append(line)
        guard StatementScanner.isComplete(text, language: language) else { return nil }
        if language == .queryLang, let next = lookahead(), next.trimmingSpaces().hasPrefix("|") { return nil }
        return finish()
    }

    /// Ends the statement in progress whatever its state (end of input), or nil when none is.
    public mutating func finish() -> ReplInput? {
        defer { lines = [] }
        let statement = text
        return StatementScanner.isBlank(statement, language: language) ? nil : .statement(statement)
    }

    /// Forgets the statement in progress (Ctrl-C).
    public mutating func discard() { lines = [] }
}
