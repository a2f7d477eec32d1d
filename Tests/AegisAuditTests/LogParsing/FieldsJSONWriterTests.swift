import AegisSources
import Testing

@testable import AegisAudit

@Suite struct FieldsJSONWriterTests {
    private func write(_ build: (inout FieldsJSONWriter) -> Void) -> String {
        var writer = FieldsJSONWriter()
        writer.reset()
        build(&writer)
        return writer.finish()
    }

    private func key(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func escapesQuotesBackslashesAndEveryControlCharacter() throws {
        var controls = ""
        for code in 0..<0x20 { controls.unicodeScalars.append(Unicode.Scalar(UInt8(code))) }
        let value = "q\"b\\" + controls + "\u{7F}é\u{202E}👩\u{200D}💻"
        let text = write { writer in
            key("k\"ey").withUnsafeBufferPointer { writer.appendString(key: $0, value: value) }
        }
        #expect(!text.utf8.contains(where: { $0 < 0x20 }))
        #expect(text.contains(#"\u0000"#))
        #expect(text.contains(#"\n"#) && text.contains(#"\t"#) && text.contains(#"\r"#) && text.contains(#"\u001f"#))
        #expect(try JSONParser.parse(text) == .object([JSONMember(key: "k\"ey", value: .string(value))]))
    }

    @Test func splicesObjectMembersAfterStringMembers() throws {
        let body = Array(#"{"a":1,"b":{"c":[true,null]}}"#.utf8)
        let text = write { writer in
            key("pid").withUnsafeBufferPointer { writer.appendString(key: $0, value: "1") }
            body.withUnsafeBufferPointer { writer.appendMembers(ofObject: $0) }
        }
        #expect(text == #"{"pid":"1","a":1,"b":{"c":[true,null]}}"#)
    }

    @Test func emptyObjectsAddNothing() {
        let text = write { writer in
            key("x").withUnsafeBufferPointer { writer.appendTrue(key: $0) }
            Array("{  }".utf8).withUnsafeBufferPointer { writer.appendMembers(ofObject: $0) }
        }
        #expect(text == #"{"x":true}"#)
        #expect(write { _ in } == "{}")
    }

    @Test func resetStartsAFreshObject() {
        var writer = FieldsJSONWriter()
        writer.reset()
        Array("a".utf8).withUnsafeBufferPointer { writer.appendString(key: $0, value: "1") }
        _ = writer.finish()
        writer.reset()
        #expect(writer.isEmpty)
        Array("b".utf8).withUnsafeBufferPointer { writer.appendString(key: $0, value: "2") }
        #expect(writer.finish() == #"{"b":"2"}"#)
    }
}
