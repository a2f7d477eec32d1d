import AegisAudit

/// A JSON array of objects, or JSON Lines (one object per line). Columns holding JSON
/// documents (declared JSONTEXT in the cache) are embedded as JSON when their text is a valid
/// JSON object or array (``JSONDocument``), and as strings otherwise.
final class JSONWriter: RowSink {
    private let output: OutputStream
    private let linesMode: Bool
    private var keys: [String] = []
    private var embedJSON: [Bool] = []
    private var rows = 0

    init(output: OutputStream, linesMode: Bool) {
        self.output = output
        self.linesMode = linesMode
    }

    func begin(columns: [ResultColumn]) throws {
        keys = columns.map { ValueText.jsonString($0.name) }
        embedJSON = columns.map(\.holdsJSON)
        if !linesMode { output.write("[") }
    }

    func write(row: [CacheValue]) throws {
        var object = linesMode ? "{" : (rows == 0 ? "\n{" : ",\n{")
        for (index, value) in row.enumerated() {
            if index > 0 { object += "," }
            object += keys[index] + ":"
            switch value {
            case .null: object += "null"
            case .integer(let number): object += String(number)
            case .real(let number): object += ValueText.jsonNumber(number)
            case .text(let text):
                if embedJSON[index] && JSONDocument.isEmbeddable(text) {
                    object += linesMode ? Self.oneLine(text) : text
                } else {
                    object += ValueText.jsonString(text)
                }
            case .blob(let bytes): object += "\"" + ValueText.hex(bytes) + "\""
            }
        }
        object += linesMode ? "}\n" : "}"
        output.write(object)
        rows += 1
    }

    /// A valid JSON document on one line: outside strings, CR and LF are only whitespace (raw
    /// control characters are invalid inside strings), so they become spaces.
    private static func oneLine(_ json: String) -> String {
        guard json.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return json }
        var scalars = String.UnicodeScalarView()
        for scalar in json.unicodeScalars { scalars.append(scalar == "\n" || scalar == "\r" ? " " : scalar) }
        return String(scalars)
    }

    func finish() throws {
        if !linesMode { output.write(rows == 0 ? "]\n" : "\n]\n") }
    }
}
