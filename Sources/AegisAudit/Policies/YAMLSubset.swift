/// A mistake in a YAML document, or a construct outside the subset, at a 1-based line and column.
public struct YAMLSubsetError: Error, Sendable, Equatable {
    public let line: Int
    public let column: Int
    public let message: String
}

/// Reads the part of YAML that policy definition files use (policy-baseline.example.yaml):
/// block sequences and mappings by indentation (`- key: value` included), one-line flow
/// sequences and mappings (`["a", "b"]`, `{role: admin}`), plain, single- and double-quoted
/// scalars on one line, comments, and a leading `---`. Plain scalars resolve as YAML 1.2's
/// core schema (null, true/false, integers and decimals; everything else is a string), except
/// that YAML 1.1's `yes`, `no`, `on`, `off` are refused as ambiguous. Anchors, aliases, tags,
/// block scalars (`|`, `>`), multi-line plain or flow values, complex keys, tabs in
/// indentation and more than one document are refused with their line and column, never
/// guessed at.
public enum YAMLSubset {
    /// How deep blocks, and flow collections within a line, may nest (a policy needs 4 or 5).
    static let maximumDepth = 64

    /// The document's one value (null for an empty document).
    public static func parse(_ text: String) throws(YAMLSubsetError) -> LocatedValue {
        var lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { line -> [UInt8] in
            var bytes = Array(line)
            if bytes.last == 0x0D { bytes.removeLast() }
            return bytes
        }
        if lines.first?.starts(with: [0xEF, 0xBB, 0xBF]) == true { lines[0].removeFirst(3) }
        var parser = YAMLBlockParser(lines: lines)
        return try parser.document()
    }
}

/// The block structure: one pass over the lines, each block knowing its indentation.
struct YAMLBlockParser {
    private var lines: [[UInt8]]
    private var current = 0
    private var depth = 0

    init(lines: [[UInt8]]) { self.lines = lines }

    mutating func document() throws(YAMLSubsetError) -> LocatedValue {
        try skipBlankLines()
        if current < lines.count, let line = content(current), line.text.starts(with: Array("---".utf8)) {
            let rest = Array(line.text.dropFirst(3))
            if rest.isEmpty || rest.first == 0x20 {
                if !YAMLScanner.isBlank(rest) {
                    throw error(current, line.column + 3, "put the document's content on the lines after '---'")
                }
                current += 1
                try skipBlankLines()
            }
        }
        guard current < lines.count, let first = content(current) else {
            return LocatedValue(.null, line: 1, column: 1)
        }
        let value = try block(indent: first.column - 1)
        try skipBlankLines()
        if current < lines.count, let line = content(current) {
            if line.text.starts(with: Array("---".utf8)) || line.text.starts(with: Array("...".utf8)) {
                throw error(current, line.column, "only one YAML document is supported")
            }
            throw error(current, line.column, "unexpected content (check the indentation)")
        }
        return value
    }

    /// The line's text from its first non-space byte, and that byte's 1-based column; nil for
    /// a line that is empty or only a comment.
    private func content(_ index: Int) -> (text: ArraySlice<UInt8>, column: Int)? {
        let line = lines[index]
        var position = 0
        while position < line.count, line[position] == 0x20 { position += 1 }
        if position == line.count || line[position] == UInt8(ascii: "#") { return nil }
        return (line[position...], position + 1)
    }

    /// Moves past blank and comment lines; a tab in a line's indentation is an error.
    private mutating func skipBlankLines() throws(YAMLSubsetError) {
        while current < lines.count {
            let line = lines[current]
            var position = 0
            while position < line.count, line[position] == 0x20 { position += 1 }
            if position < line.count, line[position] == 0x09 {
                let rest = line[position...].drop { $0 == 0x09 || $0 == 0x20 }
                if !rest.isEmpty && rest.first != UInt8(ascii: "#") {
                    throw error(current, position + 1, "a tab in the indentation (YAML indents with spaces)")
                }
            }
            if content(current) != nil { return }
            current += 1
        }
    }

    private func error(_ index: Int, _ column: Int, _ message: String) -> YAMLSubsetError {
        YAMLSubsetError(
            line: index + 1, column: YAMLScanner.characterColumn(lines[index], byteColumn: column), message: message)
    }

    private func isSequenceItem(_ text: ArraySlice<UInt8>) -> Bool {
        text.first == UInt8(ascii: "-") && (text.count == 1 || text[text.startIndex + 1] == 0x20)
    }

    /// The block starting at the current line, whose content starts at column `indent + 1`.
    private mutating func block(indent: Int) throws(YAMLSubsetError) -> LocatedValue {
        guard let line = content(current) else { return LocatedValue(.null, line: current + 1, column: 1) }
        depth += 1
        defer { depth -= 1 }
        guard depth <= YAMLSubset.maximumDepth else {
            throw error(current, line.column, "nested more than \(YAMLSubset.maximumDepth) deep")
        }
        if isSequenceItem(line.text) { return try sequence(indent: indent) }
        var scanner = YAMLScanner(line: lines[current], index: current, position: line.column - 1)
        if try scanner.startsMappingKey() { return try mapping(indent: indent) }
        let value = try scanner.inlineValue()
        try scanner.expectEndOfLine()
        current += 1
        try rejectContinuation(of: value, indent: indent)
        return value
    }

    private mutating func sequence(indent: Int) throws(YAMLSubsetError) -> LocatedValue {
        var items: [LocatedValue] = []
        let start = (current + 1, indent + 1)
        while true {
            try skipBlankLines()
            guard current < lines.count, let line = content(current), line.column - 1 == indent,
                isSequenceItem(line.text)
            else { break }
            // The item's content is read as if the dash were a space: `- key: v` starts a mapping.
            lines[current][indent] = 0x20
            if let rest = content(current) {
                items.append(try block(indent: rest.column - 1))
            } else {
                let itemLine = current
                current += 1
                try skipBlankLines()
                if current < lines.count, let next = content(current), next.column - 1 > indent {
                    items.append(try block(indent: next.column - 1))
                } else {
                    items.append(LocatedValue(.null, line: itemLine + 1, column: indent + 1))
                }
            }
        }
        try rejectDeeperLine(than: indent)
        return LocatedValue(.list(items), line: start.0, column: start.1)
    }

    private mutating func mapping(indent: Int) throws(YAMLSubsetError) -> LocatedValue {
        var members: [LocatedValue.Member] = []
        let start = (current + 1, indent + 1)
        while true {
            try skipBlankLines()
            guard current < lines.count, let line = content(current), line.column - 1 == indent,
                !isSequenceItem(line.text)
            else { break }
            var scanner = YAMLScanner(line: lines[current], index: current, position: line.column - 1)
            let keyColumn = scanner.column
            guard try scanner.startsMappingKey() else {
                throw error(current, line.column, "expected 'key: value' in this mapping")
            }
            let key = try scanner.mappingKey()
            if members.contains(where: { $0.key == key }) {
                throw error(current, line.column, "duplicate key '\(key)'")
            }
            let keyLine = current + 1
            let value: LocatedValue
            if scanner.atEndOfContent {
                current += 1
                try skipBlankLines()
                if current < lines.count, let next = content(current),
                    next.column - 1 > indent || (next.column - 1 == indent && isSequenceItem(next.text))
                {
                    value = try block(indent: next.column - 1)
                } else {
                    value = LocatedValue(.null, line: keyLine, column: keyColumn)
                }
            } else {
                value = try scanner.inlineValue()
                try scanner.expectEndOfLine()
                current += 1
                try rejectContinuation(of: value, indent: indent)
            }
            members.append(LocatedValue.Member(key: key, line: keyLine, column: keyColumn, value: value))
        }
        try rejectDeeperLine(than: indent)
        return LocatedValue(.mapping(members), line: start.0, column: start.1)
    }

    /// After a one-line value: a following line indented deeper would continue it.
    private mutating func rejectContinuation(of value: LocatedValue, indent: Int) throws(YAMLSubsetError) {
        try skipBlankLines()
        guard current < lines.count, let next = content(current), next.column - 1 > indent else { return }
        throw error(
            current, next.column,
            "this line continues the value on line \(value.line): multi-line values are not supported "
                + "(write it on one line, quoted if need be), or the indentation is wrong")
    }

    /// A block ends at a line indented less; one indented more is a mistake, and so is a list
    /// item right after a mapping at the mapping's indentation.
    private mutating func rejectDeeperLine(than indent: Int) throws(YAMLSubsetError) {
        try skipBlankLines()
        guard current < lines.count, let next = content(current), next.column - 1 >= indent else { return }
        if next.column - 1 == indent {
            guard isSequenceItem(next.text) else { return }
            throw error(current, next.column, "a list item where a mapping key was expected")
        }
        throw error(current, next.column, "unexpected indentation")
    }
}
