/// The canonical columns of the line being parsed, each with the rank of the key that filled
/// it (lower wins), and the normalisation a value must pass to be accepted: levels through the
/// level map, IPs through ``IPAddressText``, status codes as integers 100…599; empty values
/// never fill a column.
struct ColumnSlots {
    /// Ranks by where a value came from: a structured body (JSON, logfmt), the format's prefix
    /// groups, `key=value` words in free text, an event, a label.
    enum Tier: Int {
        case body = 0
        case prefix = 1000
        case embedded = 1500
        case event = 2000
        case label = 3000
    }

    private(set) var values: [String?] = Array(repeating: nil, count: LogColumn.count)
    private var ranks: [Int] = Array(repeating: .max, count: LogColumn.count)
    private(set) var statusCode: Int?
    private let levels: KeyTable<String>

    init(levels: [String: String]) { self.levels = KeyTable(levels.map { ($0.key, $0.value) }) }

    mutating func reset() {
        for index in 0..<LogColumn.count {
            values[index] = nil
            ranks[index] = .max
        }
        statusCode = nil
    }

    func isEmpty(_ column: LogColumn) -> Bool { values[column.index] == nil }

    subscript(column: LogColumn) -> String? { values[column.index] }

    /// Offers `raw` for `column` at `rank`; kept when better ranked than what is there and
    /// valid for the column.
    mutating func offer(_ column: LogColumn, _ raw: String, rank: Int) {
        let index = column.index
        guard rank < ranks[index], !raw.isEmpty else { return }
        let accepted: String
        switch column {
        case .level:
            guard let level = levels[LogFormatFile.asciiLowercased(raw)] else { return }
            accepted = level
        case .ip:
            guard let ip = IPAddressText.normalize(raw) else { return }
            accepted = ip
        case .statusCode:
            guard let code = Self.statusCode(raw) else { return }
            statusCode = code
            accepted = raw
        default:
            accepted = raw
        }
        values[index] = accepted
        ranks[index] = rank
    }

    /// An HTTP status: 3 ASCII digits, 100…599.
    private static func statusCode(_ text: String) -> Int? {
        let utf8 = text.utf8
        guard utf8.count == 3 else { return nil }
        var code = 0
        for byte in utf8 {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            code = code * 10 + Int(byte - 0x30)
        }
        return (100...599).contains(code) ? code : nil
    }
}
