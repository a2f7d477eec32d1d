import AegisAudit

/// Timesketch's import format (JSON Lines or CSV): each row gets `message`, `datetime` (ISO
/// 8601 with its offset) and `timestamp_desc`, then every column as an attribute under its own
/// name (a column called `message`, `datetime` or `timestamp_desc` becomes `column_<name>`,
/// unless it is the message itself). The columns are chosen by ``TimesketchOptions``; a row
/// without a time is an error, since Timesketch refuses it.
final class TimesketchWriter: RowSink {
    enum Encoding {
        case jsonLines
        case csv(neutraliseFormulas: Bool)
    }

    private let output: OutputStream
    private let options: TimesketchOptions
    private let encoding: Encoding
    private var names: [String] = []
    private var attributeKeys: [String?] = []
    private var timeIndex = 0
    private var messageIndex: Int?
    private var description = ""
    private var rowNumber = 0
    private var isBookkeeping: [Bool] = []

    init(output: OutputStream, options: TimesketchOptions, encoding: Encoding) {
        self.output = output
        self.options = options
        self.encoding = encoding
    }

    static let reservedNames: Set<String> = ["message", "datetime", "timestamp_desc"]

    func begin(columns: [ResultColumn]) throws {
        names = columns.map(\.name)
        let listed = names.joined(separator: ", ")
        if let chosen = options.timeColumn {
            guard let index = names.firstIndex(of: chosen) else {
                throw ExportError.timesketch("--time-column '\(chosen)' is not a column of the result (\(listed))")
            }
            timeIndex = index
        } else {
            guard let index = TimesketchOptions.timeColumnNames.lazy.compactMap({ self.names.firstIndex(of: $0) }).first
            else {
                throw ExportError.timesketch("no time column among (\(listed)); choose one with --time-column")
            }
            timeIndex = index
        }
        if let chosen = options.messageColumn {
            guard let index = names.firstIndex(of: chosen) else {
                throw ExportError.timesketch("--message-column '\(chosen)' is not a column of the result (\(listed))")
            }
            messageIndex = index
        } else {
            messageIndex = TimesketchOptions.messageColumnNames.lazy.compactMap { self.names.firstIndex(of: $0) }.first
        }
        description = options.timestampDescription ?? names[timeIndex]
        isBookkeeping = names.map { $0 == "row_hash" || $0.hasSuffix("_sync_id") }
        attributeKeys = names.enumerated().map { index, name in
            guard Self.reservedNames.contains(name) else { return name }
            return index == messageIndex && name == "message" ? nil : "column_" + name
        }
        if case .csv(let neutralise) = encoding {
            let header = ["message", "datetime", "timestamp_desc"] + attributeKeys.compactMap { $0 }
            output.write(
                header.map { CSVWriter.field(neutralise ? FormulaGuard.neutralise($0) : $0) }
                    .joined(separator: ",") + "\r\n")
        }
    }

    func write(row: [CacheValue]) throws {
        rowNumber += 1
        guard case .text(let time) = row[timeIndex], CacheTime.microseconds(parsing: time) != nil else {
            throw ExportError.timesketch(
                "row \(rowNumber) has no timestamp in column '\(names[timeIndex])'; Timesketch needs one per row")
        }
        let message = messageIndex.map { Self.text(row[$0]) ?? "" } ?? composedMessage(row)
        switch encoding {
        case .jsonLines:
            var object = "{\"message\":" + ValueText.jsonString(message) + ",\"datetime\":" + ValueText.jsonString(time)
            object += ",\"timestamp_desc\":" + ValueText.jsonString(description)
            for (index, key) in attributeKeys.enumerated() {
                guard let key else { continue }
                object += "," + ValueText.jsonString(key) + ":"
                switch row[index] {
                case .null: object += "null"
                case .integer(let number): object += String(number)
                case .real(let number): object += ValueText.jsonNumber(number)
                case .text(let text): object += ValueText.jsonString(text)
                case .blob(let bytes): object += "\"" + ValueText.hex(bytes) + "\""
                }
            }
            output.write(object + "}\n")
        case .csv(let neutralise):
            // Text is neutralised against formulas; numbers are written as numbers.
            var cells: [(text: String, isText: Bool)] = [(message, true), (time, true), (description, true)]
            for (index, key) in attributeKeys.enumerated() where key != nil {
                if case .text(let text) = row[index] {
                    cells.append((text, true))
                } else {
                    cells.append((Self.text(row[index]) ?? "", false))
                }
            }
            let fields = cells.map { cell -> String in
                let safe = neutralise && cell.isText ? FormulaGuard.neutralise(cell.text) : cell.text
                return safe.isEmpty ? "" : CSVWriter.field(safe)
            }
            output.write(fields.joined(separator: ",") + "\r\n")
        }
    }

    func finish() throws {}

    /// `name=value` for every other non-NULL column (the cache's bookkeeping columns `row_hash`
    /// and `*_sync_id` left out), separated by spaces.
    private func composedMessage(_ row: [CacheValue]) -> String {
        var parts: [String] = []
        for (index, value) in row.enumerated() where index != timeIndex && !isBookkeeping[index] {
            if let text = Self.text(value) { parts.append(names[index] + "=" + text) }
        }
        return parts.joined(separator: " ")
    }

    private static func text(_ value: CacheValue) -> String? {
        switch value {
        case .null: return nil
        case .integer(let number): return String(number)
        case .real(let number): return number.isFinite ? String(number) : nil
        case .text(let text): return text
        case .blob(let bytes): return ValueText.hex(bytes)
        }
    }
}
