/// Writes the `fields` JSON object of a line into a reused byte buffer: string members with
/// every control character escaped, and (for JSON bodies) the body's own members spliced in
/// verbatim, since a body that parsed is already valid JSON.
struct FieldsJSONWriter {
    private(set) var buffer: [UInt8] = []
    private var members = 0

    mutating func reset() {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(UInt8(ascii: "{"))
        members = 0
    }

    var isEmpty: Bool { members == 0 }

    /// `"key":"value"` with both escaped.
    mutating func appendString(key: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        separate()
        appendEscaped(key)
        buffer.append(UInt8(ascii: ":"))
        appendEscaped(value)
    }

    mutating func appendString(key: UnsafeBufferPointer<UInt8>, value: String) {
        var value = value
        value.withUTF8 { appendString(key: key, value: $0) }
    }

    /// `"key":true`
    mutating func appendTrue(key: UnsafeBufferPointer<UInt8>) {
        separate()
        appendEscaped(key)
        buffer.append(contentsOf: ":true".utf8)
    }

    /// The members of a JSON object text (`{` … `}`), verbatim.
    mutating func appendMembers(ofObject object: UnsafeBufferPointer<UInt8>) {
        // object[0] is "{"; the last byte is "}".
        var inner = 1
        while inner < object.count - 1, KeyValueScanner.isSpace(object[inner]) { inner += 1 }
        guard inner < object.count - 1 else { return }  // {}
        separate()
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: object[1..<(object.count - 1)]))
    }

    /// The finished object text.
    mutating func finish() -> String {
        buffer.append(UInt8(ascii: "}"))
        return String(decoding: buffer, as: UTF8.self)
    }

    private mutating func separate() {
        if members > 0 { buffer.append(UInt8(ascii: ",")) }
        members += 1
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendEscaped(_ text: UnsafeBufferPointer<UInt8>) {
        buffer.append(UInt8(ascii: "\""))
        var runStart = 0
        for index in 0..<text.count {
            let byte = text[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < index { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<index])) }
            runStart = index + 1
            buffer.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): buffer.append(byte)
            case 0x0A: buffer.append(UInt8(ascii: "n"))
            case 0x0D: buffer.append(UInt8(ascii: "r"))
            case 0x09: buffer.append(UInt8(ascii: "t"))
            default:
                buffer.append(contentsOf: "u00".utf8)
                buffer.append(Self.hex[Int(byte >> 4)])
                buffer.append(Self.hex[Int(byte & 0x0F)])
            }
        }
        if runStart < text.count { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...])) }
        buffer.append(UInt8(ascii: "\""))
    }
}
