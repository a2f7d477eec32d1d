import AegisSources
import AegisAudit

/// Text forms of cache values shared by the writers.
enum ValueText {
    static func hex(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        bytes.withUnsafeBufferPointer { appendHex($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `bytes` as lowercase hex.
    static func appendHex(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + bytes.count * 2)
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `number` in decimal, as `String(number)` writes it, without making the string.
    static func appendDecimal(_ number: Int64, to out: inout [UInt8]) {
        if number < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        let start = out.count
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        out[start...].reverse()
    }

    /// A JSON string literal (control characters escaped, everything else verbatim UTF-8).
    static func jsonString(_ text: String) -> String { JSONText.string(text) }

    /// A JSON number for a double (null for NaN and infinities, which JSON cannot hold).
    static func jsonNumber(_ value: Double) -> String {
        value.isFinite ? String(value) : "null"
    }
}
