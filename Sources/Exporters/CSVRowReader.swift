/// Reads back the records of an RFC 4180 file as ``CSVWriter`` writes them: each field's text,
/// nil for an unquoted empty field (NULL); `""` is empty text.
struct CSVRowReader {
    let reader: ByteReader

    /// The next record, or nil at the end of the file.
    mutating func next() throws(ExportParseError) -> [String?]? {
        guard reader.peek() != nil else { return nil }
        var fields: [String?] = []
        while true {
            var bytes: [UInt8] = []
            var quoted = false
            if reader.peek() == UInt8(ascii: "\"") {
                quoted = true
                _ = reader.next()
                while true {
                    guard let byte = reader.next() else { throw .init(reader.offset, "a quoted field is not closed") }
                    if byte == UInt8(ascii: "\"") {
                        guard reader.peek() == UInt8(ascii: "\"") else { break }
                        _ = reader.next()
                    }
                    bytes.append(byte)
                }
            } else {
                while let byte = reader.peek(), byte != UInt8(ascii: ","), byte != 0x0D, byte != 0x0A {
                    bytes.append(byte)
                    _ = reader.next()
                }
            }
            fields.append(quoted || !bytes.isEmpty ? String(decoding: bytes, as: UTF8.self) : nil)
            switch reader.next() {
            case UInt8(ascii: ","): continue
            case 0x0D:
                guard reader.next() == 0x0A else { throw .init(reader.offset, "a CR not followed by LF") }
                return fields
            case 0x0A, nil: return fields
            default: throw .init(reader.offset, "text after a quoted field")
            }
        }
    }
}
