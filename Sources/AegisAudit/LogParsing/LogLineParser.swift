import AegisSources

/// Takes Loki log lines apart with a ``LogFormatSet``: the formats are tried in order (a cheap
/// literal prefix first, then the compiled pattern, then each body reading), the first that
/// succeeds wins, and a line no format reads is "raw". Stream labels fill what the line leaves
/// empty. Never throws and never traps, whatever the line holds.
///
/// Not `Sendable`: compiled patterns and scratch buffers are reused from line to line, so one
/// parser belongs to one thread at a time (make one per worker).
public final class LogLineParser {
    /// A canonical column and the rank of the key name that fills it (its place in fields.json).
    private struct Target {
        let column: LogColumn
        let rank: Int
    }

    /// A named group of a format pattern (other than `body`).
    private struct Group {
        let number: Int
        let name: String
        let key: [UInt8]
        let target: Target?
    }

    private struct Format {
        let prefix: [UInt8]
        let regex: PCRE2Regex?
        let bodyGroup: Int?
        let groups: [Group]
        let bodies: [LogFormatDefinition.Body]
    }

    private struct Event {
        let kind: String
        /// Bytes every match starts with: checked before the regex is called.
        let literal: [UInt8]
        let regex: PCRE2Regex
        let subjectID: Int?
        let subjectName: Int?
        let fills: [(column: LogColumn, group: Int)]
    }

    private let formats: [Format]
    private let events: [Event]
    private let aliases: KeyTable<Target>
    private let labelFallbacks: [(column: LogColumn, labels: [String])]
    private var slots: ColumnSlots
    private var writer = FieldsJSONWriter()
    private var pairs: [KeyValueScanner.Pair] = []
    private var pairKeys: [String] = []
    private var pairKept: [Bool] = []
    private var seenKeys: Set<String> = []

    public init(formats set: LogFormatSet) {
        var aliases: [String: Target] = [:]
        for column in LogColumn.allCases {
            for (rank, name) in (set.fieldMap.columns[column] ?? []).enumerated() where aliases[name] == nil {
                aliases[name] = Target(column: column, rank: rank)
            }
        }
        self.aliases = KeyTable(aliases.map { ($0.key, $0.value) })
        labelFallbacks = LogColumn.allCases.compactMap { column in
            set.fieldMap.labels[column].map { (column, $0) }
        }
        slots = ColumnSlots(levels: set.fieldMap.levels)
        // The set was validated when it was loaded, so every pattern compiles; a format or an
        // event whose pattern would not is skipped rather than trapping.
        formats = set.formats.compactMap { definition in
            var regex: PCRE2Regex?
            if let pattern = definition.pattern {
                guard let compiled = try? PCRE2Regex(pattern) else { return nil }
                regex = compiled
            }
            let names = regex?.groupNames ?? [:]
            let groups = names.filter { $0.key != "body" }.sorted { $0.value < $1.value }.map { name, number in
                Group(number: number, name: name, key: Array(name.utf8), target: aliases[name])
            }
            return Format(
                prefix: Array((definition.prefix ?? "").utf8), regex: regex, bodyGroup: names["body"],
                groups: groups, bodies: definition.body)
        }
        events = set.events.compactMap { definition in
            guard let regex = try? PCRE2Regex(definition.pattern) else { return nil }
            return Event(
                kind: definition.kind, literal: LiteralPrefix.of(definition.pattern), regex: regex,
                subjectID: regex.groupNames["subject_id"],
                subjectName: regex.groupNames["subject_name"],
                fills: definition.fill.compactMap { fill in regex.groupNames[fill.group].map { (fill.column, $0) } })
        }
    }

    /// The parsed form of `line`; `labels` are the stream's labels (job, level, …).
    public func parse(_ line: String, labels: [String: String]) -> ParsedLogLine {
        if let parsed = line.utf8.withContiguousStorageIfAvailable({ parse(bytes: $0, line: line, labels: labels) }) {
            return parsed
        }
        let copy = Array(line.utf8)
        return copy.withUnsafeBufferPointer { parse(bytes: $0, line: line, labels: labels) }
    }

    // MARK: Formats

    private func parse(bytes: UnsafeBufferPointer<UInt8>, line: String, labels: [String: String]) -> ParsedLogLine {
        for format in formats {
            if !format.prefix.isEmpty {
                guard bytes.count >= format.prefix.count,
                    format.prefix.withUnsafeBufferPointer({ memcmpEqual(bytes, $0) })
                else { continue }
            }
            var body = 0..<bytes.count
            if let regex = format.regex {
                guard regex.matches(bytes), let whole = regex.captureRange(0) else { continue }
                body = format.bodyGroup.flatMap { regex.captureRange($0) } ?? whole.upperBound..<bytes.count
            }
            for reading in format.bodies {
                let fields: String?
                switch reading.kind {
                case .json: fields = readJSON(format, bytes, body, line)
                case .logfmt: fields = readLogfmt(format, bytes, body)
                case .text: fields = readText(format, bytes, body, keyValues: reading.keyValues)
                }
                if let fields { return finish(format: reading.format, fields: fields.isEmpty ? nil : fields, labels) }
            }
        }
        slots.reset()
        slots.offer(.message, line, rank: 0)
        return finish(format: "raw", fields: nil, labels)
    }

    /// A JSON object body: its members fill the columns and are spliced verbatim into `fields`
    /// after the prefix groups the body does not repeat. Nil when the body is not an object.
    private func readJSON(_ format: Format, _ bytes: UnsafeBufferPointer<UInt8>, _ body: Range<Int>, _ line: String)
        -> String?
    {
        var start = body.lowerBound, end = body.upperBound
        while start < end, KeyValueScanner.isSpace(bytes[start]) { start += 1 }
        while end > start, KeyValueScanner.isSpace(bytes[end - 1]) { end -= 1 }
        guard end - start >= 2, bytes[start] == UInt8(ascii: "{"), bytes[end - 1] == UInt8(ascii: "}") else {
            return nil
        }
        let object = UnsafeBufferPointer(rebasing: bytes[start..<end])
        guard case .object(let members)? = try? JSONParser.parse(object) else { return nil }
        slots.reset()
        for member in members {
            guard let target = aliases[member.key], let text = Self.scalarText(member.value) else { continue }
            slots.offer(target.column, text, rank: ColumnSlots.Tier.body.rawValue + target.rank)
        }
        writer.reset()
        if let regex = format.regex {
            for group in format.groups {
                guard let range = regex.captureRange(group.number) else { continue }
                offerPrefix(group, bytes, range)
                guard !members.contains(where: { $0.key == group.name }) else { continue }
                group.key.withUnsafeBufferPointer {
                    writer.appendString(key: $0, value: UnsafeBufferPointer(rebasing: bytes[range]))
                }
            }
        }
        if writer.isEmpty {
            return start == 0 && end == bytes.count ? line : String(decoding: object, as: UTF8.self)
        }
        writer.appendMembers(ofObject: object)
        return writer.finish()
    }

    /// A logfmt body; nil when it is not one.
    private func readLogfmt(_ format: Format, _ bytes: UnsafeBufferPointer<UInt8>, _ body: Range<Int>) -> String? {
        guard KeyValueScanner.logfmt(bytes, in: body, into: &pairs) else { return nil }
        slots.reset()
        return writePairs(format, bytes, structured: true)
    }

    /// A text body: the message, plus its `key=value` words when the format asks for them.
    private func readText(_ format: Format, _ bytes: UnsafeBufferPointer<UInt8>, _ body: Range<Int>, keyValues: Bool)
        -> String?
    {
        slots.reset()
        slots.offer(.message, String(decoding: UnsafeBufferPointer(rebasing: bytes[body]), as: UTF8.self), rank: 0)
        if keyValues {
            KeyValueScanner.embedded(bytes, in: body, into: &pairs)
        } else {
            pairs.removeAll(keepingCapacity: true)
        }
        return writePairs(format, bytes, structured: false)
    }

    /// `fields` from the prefix groups and the scanned pairs, which also fill the columns. A
    /// structured body (logfmt) wins over the prefix for a key both have; words found in free
    /// text lose to it (`severity=critical` in a message says nothing of the line's level). A
    /// repeated key keeps its first value. Empty text when there is nothing.
    private func writePairs(_ format: Format, _ bytes: UnsafeBufferPointer<UInt8>, structured: Bool) -> String {
        pairKeys.removeAll(keepingCapacity: true)
        pairKept.removeAll(keepingCapacity: true)
        seenKeys.removeAll(keepingCapacity: true)
        if !structured, let regex = format.regex {
            for group in format.groups where regex.captureRange(group.number) != nil { seenKeys.insert(group.name) }
        }
        for pair in pairs {
            let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[pair.key]), as: UTF8.self)
            pairKeys.append(key)
            pairKept.append(seenKeys.insert(key).inserted)
        }
        writer.reset()
        if let regex = format.regex {
            for group in format.groups {
                guard let range = regex.captureRange(group.number) else { continue }
                offerPrefix(group, bytes, range)
                guard !structured || !seenKeys.contains(group.name) else { continue }
                group.key.withUnsafeBufferPointer {
                    writer.appendString(key: $0, value: UnsafeBufferPointer(rebasing: bytes[range]))
                }
            }
        }
        let tier = structured ? ColumnSlots.Tier.body : ColumnSlots.Tier.embedded
        for (index, pair) in pairs.enumerated() where pairKept[index] {
            let key = pairKeys[index]
            let value: String
            if pair.bare {
                value = "true"
                Array(key.utf8).withUnsafeBufferPointer { writer.appendTrue(key: $0) }
            } else {
                value =
                    pair.quoted
                    ? KeyValueScanner.unescaped(bytes, pair.value)
                    : String(decoding: UnsafeBufferPointer(rebasing: bytes[pair.value]), as: UTF8.self)
                writer.appendString(key: UnsafeBufferPointer(rebasing: bytes[pair.key]), value: value)
            }
            if let target = aliases[key] {
                slots.offer(target.column, value, rank: tier.rawValue + target.rank)
            }
        }
        return writer.isEmpty ? "" : writer.finish()
    }

    private func offerPrefix(_ group: Group, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        guard let target = group.target else { return }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        slots.offer(target.column, text, rank: ColumnSlots.Tier.prefix.rawValue + target.rank)
    }

    // MARK: Events, labels, result

    private func finish(format: String, fields: String?, _ labels: [String: String]) -> ParsedLogLine {
        var found: [LogEvent] = []
        if let message = slots[.message], !events.isEmpty {
            let scan = { (text: UnsafeBufferPointer<UInt8>) in
                for event in self.events {
                    guard text.count >= event.literal.count,
                        event.literal.withUnsafeBufferPointer({ memcmpEqual(text, $0) }),
                        event.regex.matches(text)
                    else { continue }
                    func group(_ number: Int?) -> String? {
                        guard let number, let range = event.regex.captureRange(number) else { return nil }
                        return String(decoding: UnsafeBufferPointer(rebasing: text[range]), as: UTF8.self)
                    }
                    found.append(
                        LogEvent(
                            kind: event.kind, subjectID: group(event.subjectID), subjectName: group(event.subjectName)))
                    for fill in event.fills {
                        if let value = group(fill.group) {
                            self.slots.offer(fill.column, value, rank: ColumnSlots.Tier.event.rawValue)
                        }
                    }
                }
            }
            if message.utf8.withContiguousStorageIfAvailable(scan) == nil {
                Array(message.utf8).withUnsafeBufferPointer(scan)
            }
        }
        if !labels.isEmpty {
            for fallback in labelFallbacks where slots.isEmpty(fallback.column) {
                for (rank, name) in fallback.labels.enumerated() {
                    guard let value = labels[name] else { continue }
                    slots.offer(fallback.column, value, rank: ColumnSlots.Tier.label.rawValue + rank)
                    if !slots.isEmpty(fallback.column) { break }
                }
            }
        }
        return ParsedLogLine(
            format: format, level: slots[.level], service: slots[.service], context: slots[.context],
            message: slots[.message], auditID: slots[.auditID], userID: slots[.userID], ip: slots[.ip],
            method: slots[.method], path: slots[.path], statusCode: slots.statusCode, traceID: slots[.traceID],
            fields: fields, events: found)
    }

    private static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }
}

@inline(__always) private func memcmpEqual(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: UnsafeBufferPointer<UInt8>)
    -> Bool
{
    for index in 0..<prefix.count where bytes[index] != prefix[index] { return false }
    return true
}
