/// One line shape, as read from a format file (`Formats/nestjs.json` and the like).
public struct LogFormatDefinition: Sendable, Equatable {
    /// What the body of a line (the `body` group, or the rest of the line after the match) is.
    public enum BodyKind: String, Sendable, CaseIterable {
        /// A JSON object; its members are the fields.
        case json
        /// `key=value key="quoted value"` pairs.
        case logfmt
        /// Free text: the message. With `keyValues`, `key=value` words in it become fields.
        case text
    }

    /// One way to read the body; a format lists them in the order they are tried.
    public struct Body: Sendable, Equatable {
        public let kind: BodyKind
        /// The name reported in ``ParsedLogLine/format`` when this reading succeeds.
        public let format: String
        /// For text bodies: extract `key=value` words as fields.
        public let keyValues: Bool
    }

    public let name: String
    public let description: String
    /// Formats are tried in ascending order (then by name).
    public let order: Int
    /// Literal bytes the line must start with: a cheap test before the pattern.
    public let prefix: String?
    /// PCRE2 pattern of the line's shape; its named groups are fields (`body` excepted).
    public let pattern: String?
    public let body: [Body]
    /// The file it was read from.
    public let file: String
}

/// A typed event: a PCRE2 pattern matched against a line's message.
public struct LogEventDefinition: Sendable, Equatable {
    public let kind: String
    public let pattern: String
    /// Columns the event fills when the line left them empty, from named groups.
    public let fill: [Fill]

    public struct Fill: Sendable, Equatable {
        public let column: LogColumn
        public let group: String
    }
}

/// Which extracted keys and which stream labels fill which canonical column, and how levels are
/// normalised (`fields.json`).
public struct LogFieldMap: Sendable, Equatable {
    /// Per column, the key names that fill it, best first.
    public let columns: [LogColumn: [String]]
    /// Per column, the stream labels that fill it when the line did not, best first.
    public let labels: [LogColumn: [String]]
    /// Lower-case level spellings to the canonical debug, info, warn, error, fatal.
    public let levels: [String: String]

    public static let canonicalLevels: Set<String> = ["debug", "info", "warn", "error", "fatal"]
}
