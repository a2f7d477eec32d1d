/// Reads the scalars and one-line flow collections of one line of a YAML document (see
/// ``YAMLSubset``). Positions are byte offsets in the line; errors carry 1-based columns.
struct YAMLScanner {
    private let line: [UInt8]
    private let index: Int
    private(set) var position: Int
    private var depth = 0

    init(line: [UInt8], index: Int, position: Int) {
        self.line = line
        self.index = index
        self.position = position
    }

    /// The 1-based byte column of the next byte.
    var column: Int { position + 1 }

    private var peek: UInt8? { position < line.count ? line[position] : nil }

    private func byteAt(_ offset: Int) -> UInt8? { offset < line.count ? line[offset] : nil }

    /// 1-based character column of a 1-based byte column (UTF-8 continuation bytes not counted).
    static func characterColumn(_ line: [UInt8], byteColumn: Int) -> Int {
        line.prefix(max(0, byteColumn - 1)).reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
    }

    static func isBlank(_ bytes: [UInt8]) -> Bool {
        let rest = bytes.drop { $0 == 0x20 }
        return rest.isEmpty || rest.first == UInt8(ascii: "#")
    }

    private func error(_ message: String, at byteColumn: Int? = nil) -> YAMLSubsetError {
        YAMLSubsetError(
            line: index + 1, column: Self.characterColumn(line, byteColumn: byteColumn ?? column), message: message)
    }

    private mutating func skipSpaces() { while peek == 0x20 { position += 1 } }

    /// Only spaces and a comment remain.
    var atEndOfContent: Bool {
        var offset = position
        while offset < line.count, line[offset] == 0x20 { offset += 1 }
        return offset == line.count || (line[offset] == UInt8(ascii: "#") && (offset == 0 || line[offset - 1] == 0x20))
    }

    mutating func expectEndOfLine() throws(YAMLSubsetError) {
        skipSpaces()
        guard atEndOfContent else {
            if peek == 0x09 { throw error("a tab after a value (use spaces)") }
            throw error("unexpected text after the value")
        }
    }

    /// Whether the line from here is `key:` or `key: value` (nothing is consumed).
    func startsMappingKey() throws(YAMLSubsetError) -> Bool {
        var probe = self
        try probe.rejectUnsupportedStart()
        if probe.peek == UInt8(ascii: "\"") || probe.peek == UInt8(ascii: "'") {
            _ = try probe.quoted()
            probe.skipSpaces()
            return probe.peek == UInt8(ascii: ":")
        }
        if probe.peek == UInt8(ascii: "[") || probe.peek == UInt8(ascii: "{") { return false }
        var offset = position
        while offset < line.count {
            if line[offset] == UInt8(ascii: "#"), offset > position, line[offset - 1] == 0x20 { return false }
            if line[offset] == UInt8(ascii: ":"), offset + 1 == line.count || line[offset + 1] == 0x20 { return true }
            offset += 1
        }
        return false
    }

    /// Reads `key:` and the spaces after it; returns the key.
    mutating func mappingKey() throws(YAMLSubsetError) -> String {
        let key: String
        if peek == UInt8(ascii: "\"") || peek == UInt8(ascii: "'") {
            key = try quoted()
            skipSpaces()
        } else {
            let start = position
            while let byte = peek, !(byte == UInt8(ascii: ":") && (byteAt(position + 1) ?? 0x20) == 0x20) {
                position += 1
            }
            key = String(decoding: line[start..<position], as: UTF8.self).trimmingSpaces()
        }
        guard peek == UInt8(ascii: ":") else { throw error("expected ':' after the key") }
        position += 1
        skipSpaces()
        return key
    }

    /// A value that ends on this line: quoted, a flow collection, or a plain scalar.
    mutating func inlineValue() throws(YAMLSubsetError) -> LocatedValue {
        try rejectUnsupportedStart()
        let start = column
        switch peek {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return LocatedValue(.string(try quoted()), line: index + 1, column: start)
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            return try flow()
        default:
            let begin = position
            while position < line.count, !(line[position] == UInt8(ascii: "#") && line[position - 1] == 0x20) {
                if line[position] == UInt8(ascii: ":"), (byteAt(position + 1) ?? 0x20) == 0x20 {
                    throw error("a second ': ' on one line: quote the value, or put the mapping on its own lines")
                }
                position += 1
            }
            let text = String(decoding: line[begin..<position], as: UTF8.self).trimmingSpaces()
            return try plain(text, column: start)
        }
    }

    /// Constructs outside the subset, refused where they start.
    private func rejectUnsupportedStart() throws(YAMLSubsetError) {
        guard let byte = peek else { return }
        switch byte {
        case UInt8(ascii: "&"): throw error("anchors (&) are not supported")
        case UInt8(ascii: "*"): throw error("aliases (*) are not supported")
        case UInt8(ascii: "!"): throw error("tags (!) are not supported")
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            throw error("block scalars (| and >) are not supported: write the text on one line, quoted")
        case UInt8(ascii: "?"): throw error("complex keys (?) are not supported")
        case UInt8(ascii: "%"): throw error("directives (%) are not supported")
        case UInt8(ascii: "@"), UInt8(ascii: "`"): throw error("a plain value cannot start with '@' or '`': quote it")
        case 0x09: throw error("a tab where a value was expected (use spaces)")
        default: return
        }
    }

    /// A plain scalar resolved by YAML 1.2's core schema.
    private func plain(_ text: String, column: Int) throws(YAMLSubsetError) -> LocatedValue {
        let kind: LocatedValue.Kind
        switch text {
        case "", "~", "null", "Null", "NULL": kind = .null
        case "true", "True", "TRUE": kind = .bool(true)
        case "false", "False", "FALSE": kind = .bool(false)
        default:
            if ["yes", "no", "on", "off", "y", "n"].contains(text.lowercased()) {
                throw error(
                    "'\(text)' is a boolean in some YAML readers and a string in others: write true/false, or quote it",
                    at: column)
            }
            if let number = Self.number(text) {
                kind = .number(number)
            } else {
                kind = .string(text)
            }
        }
        return LocatedValue(kind, line: index + 1, column: column)
    }

    /// A decimal integer or real in JSON form (`+1` → `1`, `.5` → `0.5`), or nil.
    static func number(_ text: String) -> String? {
        var body = Substring(text)
        var sign = ""
        if body.first == "+" || body.first == "-" {
            if body.first == "-" { sign = "-" }
            body = body.dropFirst()
        }
        let mantissa = body.prefix { $0 != "e" && $0 != "E" }
        let exponent = body.dropFirst(mantissa.count)
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !mantissa.isEmpty, mantissa != ".",
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        if !exponent.isEmpty {
            var digits = exponent.dropFirst()
            if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        }
        var integer = String(parts[0].drop { $0 == "0" })
        if integer.isEmpty { integer = "0" }
        var result = sign + integer
        if parts.count == 2 { result += "." + (parts[1].isEmpty ? "0" : parts[1]) }
        return result + exponent
    }

    /// A single- or double-quoted scalar that closes on this line.
    private mutating func quoted() throws(YAMLSubsetError) -> String {
        let quote = line[position]
        let start = column
        position += 1
        var bytes: [UInt8] = []
        while true {
            guard let byte = peek else {
                throw error(
                    "this quoted value does not close on its line (multi-line values are not supported)", at: start)
            }
            position += 1
            if byte == quote {
                if quote == UInt8(ascii: "'"), peek == quote {
                    bytes.append(quote)
                    position += 1
                    continue
                }
                return String(decoding: bytes, as: UTF8.self)
            }
            if quote == UInt8(ascii: "\""), byte == UInt8(ascii: "\\") {
                try escape(into: &bytes)
            } else {
                bytes.append(byte)
            }
        }
    }

    private mutating func escape(into bytes: inout [UInt8]) throws(YAMLSubsetError) {
        guard let code = peek else { throw error("a '\\' at the end of the line") }
        position += 1
        let simple: [UInt8: String] = [
            UInt8(ascii: "\""): "\"", UInt8(ascii: "\\"): "\\", UInt8(ascii: "/"): "/", UInt8(ascii: "n"): "\n",
            UInt8(ascii: "t"): "\t", UInt8(ascii: "r"): "\r", UInt8(ascii: "0"): "\0", UInt8(ascii: " "): " ",
            UInt8(ascii: "b"): "\u{08}", UInt8(ascii: "f"): "\u{0C}", UInt8(ascii: "e"): "\u{1B}",
        ]
        if let text = simple[code] {
            bytes += Array(text.utf8)
            return
        }
        let width: Int
        switch code {
        case UInt8(ascii: "x"): width = 2
        case UInt8(ascii: "u"): width = 4
        case UInt8(ascii: "U"): width = 8
        default: throw error("unknown escape '\\\(Character(Unicode.Scalar(code)))'", at: column - 2)
        }
        guard position + width <= line.count,
            let value = UInt32(String(decoding: line[position..<position + width], as: UTF8.self), radix: 16),
            let scalar = Unicode.Scalar(value)
        else {
            throw error(
                "invalid escape: \\\(Character(Unicode.Scalar(code))) needs \(width) hex digits of a character",
                at: column - 2)
        }
        position += width
        bytes += Array(String(Character(scalar)).utf8)
    }

    /// `[...]` or `{...}`, closed on this line.
    private mutating func flow() throws(YAMLSubsetError) -> LocatedValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= YAMLSubset.maximumDepth else { throw error("nested more than \(YAMLSubset.maximumDepth) deep") }
        let open = line[position]
        let start = column
        let close = open == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
        position += 1
        var items: [LocatedValue] = []
        var members: [LocatedValue.Member] = []
        while true {
            skipSpaces()
            guard let byte = peek, !(byte == UInt8(ascii: "#") && line[position - 1] == 0x20) else {
                throw error(
                    "this \(open == UInt8(ascii: "[") ? "[" : "{") does not close on its line "
                        + "(multi-line flow collections are not supported)", at: start)
            }
            if byte == close {
                position += 1
                break
            }
            if open == UInt8(ascii: "{") {
                let keyColumn = column
                let key: String
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    key = try quoted()
                } else {
                    try rejectUnsupportedStart()
                    let begin = position
                    while let next = peek, !Self.endsFlowScalar(next), next != UInt8(ascii: ":") { position += 1 }
                    key = String(decoding: line[begin..<position], as: UTF8.self).trimmingSpaces()
                }
                skipSpaces()
                guard peek == UInt8(ascii: ":") else { throw error("expected ':' after the key '\(key)'") }
                position += 1
                skipSpaces()
                if members.contains(where: { $0.key == key }) { throw error("duplicate key '\(key)'", at: keyColumn) }
                let value: LocatedValue
                if let next = peek, next == UInt8(ascii: ",") || next == close {
                    value = LocatedValue(.null, line: index + 1, column: column)
                } else {
                    value = try flowItem()
                }
                members.append(LocatedValue.Member(key: key, line: index + 1, column: keyColumn, value: value))
            } else {
                items.append(try flowItem())
            }
            skipSpaces()
            if peek == nil || (peek == UInt8(ascii: "#") && line[position - 1] == 0x20) {
                throw error(
                    "this \(open == UInt8(ascii: "[") ? "[" : "{") does not close on its line "
                        + "(multi-line flow collections are not supported)", at: start)
            }
            if peek == UInt8(ascii: ",") {
                position += 1
            } else if peek != close {
                throw error("expected ',' or '\(Character(Unicode.Scalar(close)))'")
            }
        }
        let kind: LocatedValue.Kind = open == UInt8(ascii: "[") ? .list(items) : .mapping(members)
        return LocatedValue(kind, line: index + 1, column: start)
    }

    private static func endsFlowScalar(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")
            || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{")
    }

    private mutating func flowItem() throws(YAMLSubsetError) -> LocatedValue {
        try rejectUnsupportedStart()
        let start = column
        switch peek {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return LocatedValue(.string(try quoted()), line: index + 1, column: start)
        case UInt8(ascii: "["), UInt8(ascii: "{"): return try flow()
        default:
            let begin = position
            while let next = peek, !Self.endsFlowScalar(next) {
                if next == UInt8(ascii: ":"), (byteAt(position + 1) ?? 0x20) == 0x20 {
                    throw error("a 'key: value' inside [...]: write it as {key: value}")
                }
                if next == UInt8(ascii: "#"), line[position - 1] == 0x20 { break }
                position += 1
            }
            return try plain(String(decoding: line[begin..<position], as: UTF8.self).trimmingSpaces(), column: start)
        }
    }
}

extension String {
    /// Without leading and trailing spaces.
    fileprivate func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars = scalars.dropFirst() }
        while scalars.last == " " { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
