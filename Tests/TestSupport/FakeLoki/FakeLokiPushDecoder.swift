/// Decodes a JSON push body (`{"streams":[{"stream":{...},"values":[["ns","line",{meta}],...]}]}`)
/// the way Loki 3 does:
/// - raw invalid UTF-8 in a string becomes U+FFFD per bad byte (Go's rule);
/// - a lone surrogate escape (`\ud83d` not followed by a low surrogate) rejects the whole push
///   with jsoniter's error text, context bytes included (fixture 38);
/// - nothing is ingested unless the whole body decodes.
struct FakeLokiPushDecoder {
    struct Stream {
        var labels: [String: String]
        var values: [FakeLokiStore.IncomingValue]
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var scratch: [UInt8] = []
    /// The first problem inside the current stream object (reported once the object ends).
    private var streamProblem: String?

    static func decode(_ body: [UInt8]) throws(FakeLokiError) -> [Stream] {
        try body.withUnsafeBufferPointer { (buffer) throws(FakeLokiError) -> [Stream] in
            var decoder = FakeLokiPushDecoder(bytes: buffer)
            return try decoder.pushRequest()
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    // MARK: Errors

    private static let lookedLikeNumber =
        "Value looks like Number/Boolean/None, but can't find its end: ',' or '}' symbol"

    /// jsoniter's `ReportError` text: 10 bytes either side of `head`, then 50.
    private func error(_ operation: String, _ message: String, head: Int) -> FakeLokiError {
        let peekStart = max(head - 10, 0)
        let contextStart = max(head - 50, 0)
        var body = Array("\(operation): \(message), error found in #\(head - peekStart) byte of ...|".utf8)
        body.append(contentsOf: bytes[peekStart..<min(head + 10, bytes.count)])
        body.append(contentsOf: Array("|..., bigger context ...|".utf8))
        body.append(contentsOf: bytes[contextStart..<min(head + 50, bytes.count)])
        body.append(contentsOf: Array("|...\n".utf8))
        return FakeLokiError(status: 400, body: body)
    }

    private func syntaxError(_ message: String) -> FakeLokiError {
        error("loghttp.PushRequest", message, head: min(position + 1, bytes.count))
    }

    // MARK: Structure

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws(FakeLokiError) {
        skipSpace()
        guard peek == byte else {
            throw syntaxError("expect \(Character(Unicode.Scalar(byte))), but found \(describePeek())")
        }
        position += 1
    }

    private func describePeek() -> String {
        guard let byte = peek else { return "EOF" }
        return String(Character(Unicode.Scalar(byte)))
    }

    /// Calls `member` for each key of an object (the value is next in the input).
    private mutating func object(_ member: (inout Self, String) throws(FakeLokiError) -> Void) throws(FakeLokiError) {
        try expect(UInt8(ascii: "{"))
        skipSpace()
        if peek == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            skipSpace()
            let key = try string()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            try member(&self, key)
            skipSpace()
            if peek == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(UInt8(ascii: "}"))
            return
        }
    }

    /// Calls `element` for each element of an array (or nothing for `null`).
    private mutating func array(_ element: (inout Self) throws(FakeLokiError) -> Void) throws(FakeLokiError) {
        skipSpace()
        if try literalNull() { return }
        try expect(UInt8(ascii: "["))
        skipSpace()
        if peek == UInt8(ascii: "]") {
            position += 1
            return
        }
        while true {
            skipSpace()
            try element(&self)
            skipSpace()
            if peek == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(UInt8(ascii: "]"))
            return
        }
    }

    private mutating func literalNull() throws(FakeLokiError) -> Bool {
        guard peek == UInt8(ascii: "n") else { return false }
        guard position + 4 <= bytes.count, Array(bytes[position..<position + 4]) == Array("null".utf8) else {
            throw syntaxError("invalid literal")
        }
        position += 4
        return true
    }

    private mutating func pushRequest() throws(FakeLokiError) -> [Stream] {
        var streams: [Stream] = []
        skipSpace()
        try object { (decoder, key) throws(FakeLokiError) in
            if key == "streams" {
                try decoder.array { (decoder) throws(FakeLokiError) in streams.append(try decoder.stream()) }
            } else {
                try decoder.skipValue()
            }
        }
        skipSpace()
        return streams
    }

    private mutating func stream() throws(FakeLokiError) -> Stream {
        var result = Stream(labels: [:], values: [])
        streamProblem = nil
        try object { (decoder, key) throws(FakeLokiError) in
            switch key {
            case "stream": result.labels = try decoder.stringMap()
            case "values":
                try decoder.array { (decoder) throws(FakeLokiError) in result.values.append(try decoder.value()) }
            default: try decoder.skipValue()
            }
        }
        if let problem = streamProblem {
            throw error(
                "loghttp.PushRequest.Streams: []loghttp.LogProtoStream: unmarshalerDecoder", problem, head: position)
        }
        return result
    }

    private mutating func value() throws(FakeLokiError) -> FakeLokiStore.IncomingValue {
        var parts: [String] = []
        var metadata: [String: String] = [:]
        try array { (decoder) throws(FakeLokiError) in
            decoder.skipSpace()
            if parts.count == 2 {
                metadata = try decoder.stringMap()
            } else {
                parts.append(try decoder.string())
            }
        }
        guard parts.count == 2 else {
            if streamProblem == nil { streamProblem = Self.lookedLikeNumber }
            return FakeLokiStore.IncomingValue(timestamp: 0, line: "", metadata: [:])
        }
        guard let timestamp = Int64(parts[0]) else {
            if streamProblem == nil {
                streamProblem = "strconv.ParseInt: parsing \(goQuote(parts[0])): invalid syntax"
            }
            return FakeLokiStore.IncomingValue(timestamp: 0, line: "", metadata: [:])
        }
        return FakeLokiStore.IncomingValue(timestamp: timestamp, line: parts[1], metadata: metadata)
    }

    private mutating func stringMap() throws(FakeLokiError) -> [String: String] {
        var map: [String: String] = [:]
        skipSpace()
        if try literalNull() { return map }
        try object { (decoder, key) throws(FakeLokiError) in map[key] = try decoder.string() }
        return map
    }

    /// Skips any JSON value (members the push format does not use).
    private mutating func skipValue() throws(FakeLokiError) {
        skipSpace()
        switch peek {
        case UInt8(ascii: "{"): try object { (decoder, _) throws(FakeLokiError) in try decoder.skipValue() }
        case UInt8(ascii: "["): try array { (decoder) throws(FakeLokiError) in try decoder.skipValue() }
        case UInt8(ascii: "\""): _ = try string()
        case nil: throw syntaxError("unexpected end of input")
        default:
            let start = position
            while let byte = peek, byte != UInt8(ascii: ","), byte != UInt8(ascii: "}"), byte != UInt8(ascii: "]"),
                ![0x20, 0x09, 0x0A, 0x0D].contains(byte)
            {
                position += 1
            }
            if position == start { throw syntaxError("unexpected \(describePeek())") }
        }
    }

    // MARK: Strings

    private mutating func string() throws(FakeLokiError) -> String {
        skipSpace()
        guard peek == UInt8(ascii: "\"") else { throw syntaxError("expect \", but found \(describePeek())") }
        position += 1
        let start = position
        var highBytes = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeBufferPointer(rebasing: bytes[start..<position])
                position += 1
                return highBytes ? Self.goString(text) : String(decoding: text, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte >= 0x80 { highBytes = true }
            position += 1
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return scratch.withUnsafeBufferPointer { Self.goString($0) }
            case UInt8(ascii: "\\"):
                guard let escaped = peek else { throw syntaxError("unterminated escape") }
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escaped)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"): appendScalar(unicodeEscape())
                default:
                    if streamProblem == nil { streamProblem = "Encountered an invalid escape sequence in a string" }
                }
            default:
                scratch.append(byte)
            }
        }
        throw syntaxError("incomplete string")
    }

    /// `\uXXXX` (after `\u`), joining surrogate pairs as `jsonparser` does; a lone surrogate is
    /// recorded as the stream's problem.
    private mutating func unicodeEscape() -> Unicode.Scalar {
        guard let first = hex4() else {
            if streamProblem == nil { streamProblem = "Encountered an invalid escape sequence in a string" }
            return "\u{FFFD}"
        }
        guard (0xD800...0xDFFF).contains(first) else { return Unicode.Scalar(first) ?? "\u{FFFD}" }
        if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
            let save = position
            position += 2
            if let second = hex4(), second >= 0xDC00 {
                let combined = ((first - 0xD800) << 10 | (second - 0xDC00)) + 0x10000
                return Unicode.Scalar(combined) ?? "\u{FFFD}"
            }
            position = save
        }
        if streamProblem == nil { streamProblem = Self.lookedLikeNumber }
        return "\u{FFFD}"
    }

    private mutating func hex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[position + offset]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        position += 4
        return value
    }

    private mutating func appendScalar(_ scalar: Unicode.Scalar) {
        for unit in UTF8.encode(scalar)! { scratch.append(unit) }
    }

    /// UTF-8 text with each byte that does not start a valid sequence replaced by U+FFFD, the
    /// way Go's `utf8.DecodeRune` walks it (Swift's own repair would merge some bad bytes).
    static func goString(_ text: UnsafeBufferPointer<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.count + 8)
        var index = 0
        let count = text.count
        while index < count {
            let length = goSequenceLength(text, at: index)
            if length == 0 {
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                index += 1
            } else {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: text[index..<index + length]))
                index += length
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The length of the valid UTF-8 sequence at `index`, or 0 if its first byte is invalid.
    private static func goSequenceLength(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let first = text[index]
        if first < 0x80 { return 1 }
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch first {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: return 0
        }
        guard index + length <= text.count, secondRange.contains(text[index + 1]) else { return 0 }
        for offset in 2..<max(length, 2) where !(0x80...0xBF).contains(text[index + offset]) { return 0 }
        return length
    }
}
