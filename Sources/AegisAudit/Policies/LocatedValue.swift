import AegisSources

/// A value read from a policy baseline file, with where it starts in the file (1-based line
/// and column; line 0 when the format gives no positions, as for JSON files).
public struct LocatedValue: Sendable, Equatable {
    /// One member of a mapping: its key, where the key starts, and its value.
    public struct Member: Sendable, Equatable {
        public let key: String
        public let line: Int
        public let column: Int
        public let value: LocatedValue
    }

    public indirect enum Kind: Sendable, Equatable {
        case null
        case bool(Bool)
        /// A number, as written (JSON syntax).
        case number(String)
        case string(String)
        case list([LocatedValue])
        case mapping([Member])
    }

    public let kind: Kind
    public let line: Int
    public let column: Int

    public init(_ kind: Kind, line: Int, column: Int) {
        self.kind = kind
        self.line = line
        self.column = column
    }

    /// A parsed JSON document, without positions.
    public init(json: JSONValue) {
        switch json {
        case .null: kind = .null
        case .bool(let flag): kind = .bool(flag)
        case .number(let text): kind = .number(text)
        case .string(let text): kind = .string(text)
        case .array(let items): kind = .list(items.map(LocatedValue.init(json:)))
        case .object(let members):
            kind = .mapping(
                members.map { Member(key: $0.key, line: 0, column: 0, value: LocatedValue(json: $0.value)) })
        }
        line = 0
        column = 0
    }

    /// The value as JSON, keys in document order.
    public var json: JSONValue {
        switch kind {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let text): return .number(text)
        case .string(let text): return .string(text)
        case .list(let items): return .array(items.map(\.json))
        case .mapping(let members): return .object(members.map { JSONMember(key: $0.key, value: $0.value.json) })
        }
    }

    /// What kind of value this is, for error messages: "a string", "a list", ...
    public var kindName: String {
        switch kind {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .list: return "a list"
        case .mapping: return "a mapping"
        }
    }
}
