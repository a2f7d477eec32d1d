import AegisSources

/// Reads back the objects of a JSON array or JSON Lines file as ``JSONWriter`` writes them:
/// per member its key and its value's text (a string decoded, an embedded object or array as
/// its raw text, a number as written, nil for null). One object in memory at a time.
struct JSONRowReader {
    let reader: ByteReader
    let linesMode: Bool
    private var started = false

    init(reader: ByteReader, linesMode: Bool) {
        self.reader = reader
        self.linesMode = linesMode
    }

    /// The next object's members, or nil after the last.
    mutating func next() throws(ExportParseError) -> [(key: String, value: String?)]? {
        skipSpace()
        if !linesMode {
            if !started {
                guard reader.next() == UInt8(ascii: "[") else { throw error("the file does not start with [") }
                started = true
                skipSpace()
                if reader.peek() == UInt8(ascii: "]") {
                    _ = reader.next()
                    return try end()
                }
            } else {
                switch reader.next() {
                case UInt8(ascii: ","): skipSpace()
                case UInt8(ascii: "]"): return try end()
                default: throw error("expected , or ] between objects")
                }
            }
        } else if reader.peek() == nil {
            return nil
        }
        return try object()
    }

    private func end() throws(ExportParseError) -> [(key: String, value: String?)]? {
        skipSpace()
        guard reader.peek() == nil else { throw error("text after the closing ]") }
        return nil
    }

    private func object() throws(ExportParseError) -> [(key: String, value: String?)] {
        guard reader.next() == UInt8(ascii: "{") else { throw error("expected an object") }
        var members: [(key: String, value: String?)] = []
        skipSpace()
        if reader.peek() == UInt8(ascii: "}") {
            _ = reader.next()
            return members
        }
        while true {
            skipSpace()
            guard reader.peek() == UInt8(ascii: "\"") else { throw error("expected a member name") }
            let key = try decodedString(try rawValue())
            skipSpace()
            guard reader.next() == UInt8(ascii: ":") else { throw error("expected : after a member name") }
            skipSpace()
            let raw = try rawValue()
            let value: String?
            switch raw.first {
            case UInt8(ascii: "\""): value = try decodedString(raw)
            case UInt8(ascii: "n"): value = nil
            default: value = String(decoding: raw, as: UTF8.self)
            }
            members.append((key, value))
            skipSpace()
            switch reader.next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "}"): return members
            default: throw error("expected , or } in an object")
            }
        }
    }

    /// The bytes of one value, as written.
    private func rawValue() throws(ExportParseError) -> [UInt8] {
        var bytes: [UInt8] = []
        var depth = 0
        var inString = false
        var escaped = false
        while let byte = reader.peek() {
            if inString {
                bytes.append(byte)
                _ = reader.next()
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return bytes }
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return bytes }
                depth -= 1
            case UInt8(ascii: ","), 0x20, 0x09, 0x0A, 0x0D:
                if depth == 0 { return bytes }
            default: break
            }
            bytes.append(byte)
            _ = reader.next()
            if depth == 0 && (byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]")) { return bytes }
        }
        guard !bytes.isEmpty, !inString, depth == 0 else { throw error("the file ends inside a value") }
        return bytes
    }

    private func decodedString(_ raw: [UInt8]) throws(ExportParseError) -> String {
        let parsed = try? raw.withUnsafeBufferPointer { buffer in try JSONParser.parse(buffer) }
        guard let text = parsed?.stringValue else { throw error("a string is not valid JSON") }
        return text
    }

    private func skipSpace() {
        while let byte = reader.peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            _ = reader.next()
        }
    }

    private func error(_ message: String) -> ExportParseError { ExportParseError(reader.offset, message) }
}
