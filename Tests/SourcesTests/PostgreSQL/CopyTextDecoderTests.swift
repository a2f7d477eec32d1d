import Testing

@testable import AegisSources

/// Decodes one COPY line given as raw bytes and returns its fields (nil for NULL).
private func fields(_ line: [UInt8], decoder: CopyTextDecoder = CopyTextDecoder()) -> [String?] {
    line.withUnsafeBufferPointer { decoder.decode($0) }
    return (0..<decoder.fieldCount).map { decoder.string($0) }
}

/// Decodes one COPY line given as text (no escaping by Swift beyond what is written).
private func fields(_ line: String, decoder: CopyTextDecoder = CopyTextDecoder()) -> [String?] {
    fields(Array(line.utf8), decoder: decoder)
}

/// Field `index` of the decoder's last row as bytes (nil for NULL).
private func bytes(_ decoder: CopyTextDecoder, _ index: Int) -> [UInt8]? {
    decoder.field(index).map { Array($0) }
}

@Suite struct CopyTextDecoderTests {
    @Test func splitsOnTabs() {
        #expect(fields("a\tbc\tdef") == ["a", "bc", "def"])
    }

    @Test func backslashNAloneIsNull() {
        #expect(fields(#"\N"#) == [nil])
        #expect(fields("a\t\\N\tb") == ["a", nil, "b"])
        #expect(fields("\\N\t\\N") == [nil, nil])
    }

    @Test func nullFieldAtEndOfLineBeforeNewline() {
        #expect(fields("x\t\\N\n") == ["x", nil])
    }

    @Test func nullFollowedByEmptyLastField() {
        #expect(fields("\\N\t") == [nil, ""])
    }

    @Test func escapedBackslashFollowedByNIsTextNotNull() {
        // COPY writes the text `\N` as `\\N`; it must not come back as NULL.
        #expect(fields(#"\\N"#) == [#"\N"#])
        #expect(fields("\\\\N\tz") == [#"\N"#, "z"])
    }

    @Test func backslashNInsideLongerFieldIsNotNull() {
        // Only a field that is exactly `\N` is NULL; elsewhere `\N` is an unknown escape.
        #expect(fields(#"a\N"#) == ["aN"])
        #expect(fields(#"\Nb"#) == ["Nb"])
    }

    @Test(arguments: [
        (#"\t"#, "\t"), (#"\n"#, "\n"), (#"\r"#, "\r"), (#"\b"#, "\u{08}"), (#"\f"#, "\u{0C}"),
        (#"\v"#, "\u{0B}"), (#"\\"#, "\\"),
    ])
    func namedEscapes(escaped: String, expected: String) {
        #expect(fields("<" + escaped + ">") == ["<" + expected + ">"])
    }

    @Test func escapedTabDoesNotSplitTheField() {
        #expect(fields(#"a\tb"#) == ["a\tb"])
    }

    @Test func octalEscapesTakeUpToThreeDigits() {
        #expect(fields(#"\101"#) == ["A"])
        #expect(fields(#"\1012"#) == ["A2"])  // the fourth digit is plain text
        #expect(fields(#"\7x"#) == ["\u{07}x"])
        #expect(fields(#"\12"#) == ["\n"])
        #expect(fields(#"\08"#) == ["\u{00}8"])  // 8 is not an octal digit
    }

    @Test func octalEscapeProducesRawBytes() {
        // `\303\251` is the UTF-8 encoding of "é".
        #expect(fields(#"caf\303\251"#) == ["café"])
        let decoder = CopyTextDecoder()
        _ = fields(#"\377\000"#, decoder: decoder)
        #expect(bytes(decoder, 0) == [0xFF, 0x00])
    }

    @Test func hexEscapesTakeOneOrTwoDigits() {
        #expect(fields(#"\x41"#) == ["A"])
        #expect(fields(#"\x4a"#) == ["J"])
        #expect(fields(#"\x4A"#) == ["J"])
        #expect(fields(#"\x9"#) == ["\t"])
        #expect(fields(#"\x414"#) == ["A4"])  // a third hex digit is plain text
        #expect(fields(#"\x9g"#) == ["\tg"])
    }

    @Test func backslashXWithoutHexDigitIsTheLetterX() {
        #expect(fields(#"\xg"#) == ["xg"])
        #expect(fields(#"a\x"#) == ["ax"])
    }

    @Test func unknownEscapeIsTheCharacterItself() {
        #expect(fields(#"\q\.\a"#) == ["q.a"])
    }

    @Test func emptyFields() {
        #expect(fields("\t") == ["", ""])
        #expect(fields("a\t\tb") == ["a", "", "b"])
        #expect(fields("\t\t\n") == ["", "", ""])
    }

    @Test func emptyLineIsOneEmptyField() {
        #expect(fields("") == [""])
        #expect(fields("\n") == [""])
        #expect(fields([UInt8]()) == [""])
    }

    @Test func trailingNewlineIsStrippedButEscapedNewlineKept() {
        #expect(fields("a\tb\n") == ["a", "b"])
        #expect(fields("a\\n\n") == ["a\n"])
    }

    @Test func emptyFieldIsNotNull() {
        let decoder = CopyTextDecoder()
        _ = fields("\t\\N", decoder: decoder)
        #expect(decoder.field(0) != nil)
        #expect(decoder.field(0)?.count == 0)
        #expect(decoder.field(1) == nil)
    }

    @Test func multibyteUTF8IsKept() {
        #expect(fields("żółć\t日本語\t🦊") == ["żółć", "日本語", "🦊"])
    }

    @Test func lineLongerThanTheInitialBufferGrowsIt() {
        let decoder = CopyTextDecoder(initialCapacity: 8)
        let long = String(repeating: "0123456789", count: 100)
        #expect(fields(long + "\t" + long + "\n", decoder: decoder) == [long, long])
        #expect(fields("short", decoder: decoder) == ["short"])
    }

    @Test func zeroInitialCapacityStillDecodes() {
        let decoder = CopyTextDecoder(initialCapacity: 0)
        #expect(fields("abc\tdef", decoder: decoder) == ["abc", "def"])
    }

    @Test func decoderIsReusableAcrossRowsOfDifferentShapes() {
        let decoder = CopyTextDecoder()
        #expect(fields("1\talpha\t\\N", decoder: decoder) == ["1", "alpha", nil])
        #expect(decoder.fieldCount == 3)
        #expect(fields("2\tb", decoder: decoder) == ["2", "b"])
        #expect(decoder.fieldCount == 2)
        #expect(fields("\\N", decoder: decoder) == [nil])
        #expect(fields("3\t\\\\N\tx\\ty", decoder: decoder) == ["3", #"\N"#, "x\ty"])
    }

    @Test func fieldBytesMatchTheDecodedText() {
        let decoder = CopyTextDecoder()
        _ = fields("ab\\tc\tdé", decoder: decoder)
        #expect(bytes(decoder, 0) == Array("ab\tc".utf8))
        #expect(bytes(decoder, 1) == Array("dé".utf8))
    }
}
