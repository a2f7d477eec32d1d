import AegisSources
import Foundation

/// One format folder file, parsed as JSON, with readers that turn each kind of file into its
/// definition and say exactly what is wrong otherwise.
struct LogFormatFile {
    let path: String
    private let root: [JSONMember]

    init(path: String) throws {
        self.path = path
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LogFormatError(file: path, message: "cannot read: \(error.localizedDescription)")
        }
        let value: JSONValue
        do {
            value = try data.withUnsafeBytes { raw throws(JSONParseError) in
                try JSONParser.parse(raw.bindMemory(to: UInt8.self))
            }
        } catch {
            throw LogFormatError(file: path, message: "not valid JSON: \(error)")
        }
        guard case .object(let members) = value else {
            throw LogFormatError(file: path, message: "the top level must be a JSON object")
        }
        root = members
    }

    // MARK: File kinds

    /// A line shape: name, description, order, prefix, pattern, body.
    func format() throws -> LogFormatDefinition {
        try checkKeys(root, allowed: ["$schema", "name", "description", "order", "prefix", "pattern", "body"], in: "")
        let name = try requiredString("name", in: root, at: "")
        guard !name.isEmpty else { throw failure("\"name\" is empty") }
        let description = try optionalString("description", in: root, at: "") ?? ""
        let order = try optionalInt("order", in: root, at: "") ?? 100
        let prefix = try optionalString("prefix", in: root, at: "")
        let pattern = try optionalString("pattern", in: root, at: "")
        if let pattern {
            do {
                _ = try PCRE2Regex(pattern)
            } catch {
                throw failure(
                    "format \"\(name)\": invalid pattern at offset \(error.offset): \(error.message)")
            }
        }
        guard case .array(let items)? = value("body", in: root) else {
            throw failure("format \"\(name)\": \"body\" must be an array of {\"kind\", \"format\"}")
        }
        guard !items.isEmpty else { throw failure("format \"\(name)\": \"body\" is empty") }
        var bodies: [LogFormatDefinition.Body] = []
        for (index, item) in items.enumerated() {
            let at = "body[\(index)]"
            guard case .object(let members) = item else { throw failure("format \"\(name)\": \(at) must be an object") }
            try checkKeys(members, allowed: ["kind", "format", "keyValues"], in: at)
            let kindText = try requiredString("kind", in: members, at: at)
            guard let kind = LogFormatDefinition.BodyKind(rawValue: kindText) else {
                let known = LogFormatDefinition.BodyKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw failure(
                    "format \"\(name)\": unknown body kind \"\(kindText)\" in \(at) (expected one of \(known))")
            }
            let format = try requiredString("format", in: members, at: at)
            guard !format.isEmpty, format != "raw" else {
                throw failure("format \"\(name)\": \(at).format must be a non-empty name other than \"raw\"")
            }
            let keyValues = try optionalBool("keyValues", in: members, at: at) ?? false
            if keyValues && kind != .text {
                throw failure("format \"\(name)\": \(at).keyValues applies to text bodies only")
            }
            bodies.append(.init(kind: kind, format: format, keyValues: keyValues))
        }
        return LogFormatDefinition(
            name: name, description: description, order: order, prefix: prefix, pattern: pattern, body: bodies,
            file: path)
    }

    /// `fields.json`: columns, labels, levels.
    func fieldMap() throws -> LogFieldMap {
        try checkKeys(root, allowed: ["$schema", "description", "columns", "labels", "levels"], in: "")
        let columns = try columnLists("columns")
        let labels = try columnLists("labels")
        var levels: [String: String] = [:]
        if let value = value("levels", in: root) {
            guard case .object(let members) = value else { throw failure("\"levels\" must be an object") }
            for member in members {
                guard let target = member.value.stringValue, LogFieldMap.canonicalLevels.contains(target) else {
                    throw failure(
                        "levels.\(member.key) must be one of \(LogFieldMap.canonicalLevels.sorted().joined(separator: ", "))"
                    )
                }
                levels[Self.asciiLowercased(member.key)] = target
            }
        }
        for level in LogFieldMap.canonicalLevels where levels[level] == nil { levels[level] = level }
        return LogFieldMap(columns: columns, labels: labels, levels: levels)
    }

    /// `events.json`: kind, pattern, fill.
    func events() throws -> [LogEventDefinition] {
        try checkKeys(root, allowed: ["$schema", "description", "events"], in: "")
        guard case .array(let items)? = value("events", in: root) else {
            throw failure("\"events\" must be an array")
        }
        var result: [LogEventDefinition] = []
        for (index, item) in items.enumerated() {
            let at = "events[\(index)]"
            guard case .object(let members) = item else { throw failure("\(at) must be an object") }
            try checkKeys(members, allowed: ["kind", "pattern", "fill", "description"], in: at)
            let kind = try requiredString("kind", in: members, at: at)
            guard !kind.isEmpty else { throw failure("\(at).kind is empty") }
            let pattern = try requiredString("pattern", in: members, at: at)
            let regex: PCRE2Regex
            do {
                regex = try PCRE2Regex(pattern)
            } catch {
                throw failure("event \"\(kind)\" (\(at)): invalid pattern at offset \(error.offset): \(error.message)")
            }
            var fills: [LogEventDefinition.Fill] = []
            if let fill = value("fill", in: members) {
                guard case .object(let pairs) = fill else { throw failure("\(at).fill must be an object") }
                for pair in pairs {
                    guard let column = LogColumn(rawValue: pair.key) else {
                        throw failure("\(at).fill: unknown column \"\(pair.key)\" (\(Self.columnNames))")
                    }
                    guard let group = pair.value.stringValue, regex.groupNames[group] != nil else {
                        throw failure("\(at).fill.\(pair.key) must name a group of the pattern")
                    }
                    fills.append(.init(column: column, group: group))
                }
            }
            result.append(LogEventDefinition(kind: kind, pattern: pattern, fill: fills))
        }
        return result
    }

    // MARK: Helpers

    private static let columnNames = "expected one of " + LogColumn.allCases.map(\.rawValue).joined(separator: ", ")

    private func columnLists(_ key: String) throws -> [LogColumn: [String]] {
        guard let value = value(key, in: root) else { return [:] }
        guard case .object(let members) = value else { throw failure("\"\(key)\" must be an object") }
        var result: [LogColumn: [String]] = [:]
        for member in members {
            guard let column = LogColumn(rawValue: member.key) else {
                throw failure("\(key): unknown column \"\(member.key)\" (\(Self.columnNames))")
            }
            guard case .array(let items) = member.value else {
                throw failure("\(key).\(member.key) must be an array of names")
            }
            var names: [String] = []
            for item in items {
                guard let name = item.stringValue, !name.isEmpty else {
                    throw failure("\(key).\(member.key) must hold non-empty strings")
                }
                names.append(name)
            }
            result[column] = names
        }
        return result
    }

    private func failure(_ message: String) -> LogFormatError { LogFormatError(file: path, message: message) }

    private func value(_ key: String, in members: [JSONMember]) -> JSONValue? {
        members.first { $0.key == key }?.value
    }

    private func checkKeys(_ members: [JSONMember], allowed: Set<String>, in at: String) throws {
        for member in members where !allowed.contains(member.key) {
            let place = at.isEmpty ? "" : " in \(at)"
            throw failure(
                "unknown key \"\(member.key)\"\(place) (expected \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    private func label(_ key: String, _ at: String) -> String { at.isEmpty ? "\"\(key)\"" : "\(at).\(key)" }

    private func requiredString(_ key: String, in members: [JSONMember], at: String) throws -> String {
        guard let text = try optionalString(key, in: members, at: at) else {
            throw failure("\(label(key, at)) is required")
        }
        return text
    }

    private func optionalString(_ key: String, in members: [JSONMember], at: String) throws -> String? {
        guard let value = value(key, in: members) else { return nil }
        guard let text = value.stringValue else { throw failure("\(label(key, at)) must be a string") }
        return text
    }

    private func optionalInt(_ key: String, in members: [JSONMember], at: String) throws -> Int? {
        guard let value = value(key, in: members) else { return nil }
        guard case .number(let text) = value, let number = Int(text) else {
            throw failure("\(label(key, at)) must be an integer")
        }
        return number
    }

    private func optionalBool(_ key: String, in members: [JSONMember], at: String) throws -> Bool? {
        guard let value = value(key, in: members) else { return nil }
        guard case .bool(let flag) = value else { throw failure("\(label(key, at)) must be true or false") }
        return flag
    }

    static func asciiLowercased(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return text }
        return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}
