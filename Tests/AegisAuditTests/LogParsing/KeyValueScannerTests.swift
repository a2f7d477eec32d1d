import Testing

@testable import AegisAudit

@Suite struct KeyValueScannerTests {
    private func logfmt(_ text: String) -> [String: String]? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var pairs: [KeyValueScanner.Pair] = []
            guard KeyValueScanner.logfmt(buffer, in: 0..<buffer.count, into: &pairs) else { return nil }
            return Dictionary(
                pairs.map { pair in
                    (
                        String(decoding: buffer[pair.key], as: UTF8.self),
                        pair.bare ? "<bare>" : KeyValueScanner.unescaped(buffer, pair.value)
                    )
                }, uniquingKeysWith: { first, _ in first })
        }
    }

    private func embedded(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var pairs: [KeyValueScanner.Pair] = []
            KeyValueScanner.embedded(buffer, in: 0..<buffer.count, into: &pairs)
            return pairs.map {
                String(decoding: buffer[$0.key], as: UTF8.self) + "=" + KeyValueScanner.unescaped(buffer, $0.value)
            }
        }
    }

    @Test func logfmtPairsQuotedValuesAndBareKeys() {
        #expect(
            logfmt(#"a=1 b="two words" c= d="esc \"q\" \\ \n" flag"#)
                == ["a": "1", "b": "two words", "c": "", "d": "esc \"q\" \\ \n", "flag": "<bare>"])
    }

    @Test func logfmtNeedsAtLeastOnePair() {
        #expect(logfmt("just words here") == nil)
        #expect(logfmt("") == nil)
    }

    @Test func logfmtRejectsMalformedTokens() {
        #expect(logfmt(#"a=1 ="x""#) == nil)
        #expect(logfmt(#"a=1 b="open"#) == nil)
        #expect(logfmt(#"a=1 b"c"#) == nil)
    }

    @Test func embeddedPairsInFreeText() {
        #expect(
            embedded("Remediation x for a/b -> executor status=completed audit_id=c73b, done=\"yes sir\"")
                == ["status=completed", "audit_id=c73b", "done=yes sir"])
    }

    @Test func embeddedPairsNeedAWordStart() {
        #expect(embedded("Key (name)=(x) a==b 9x=1 -k=v") == ["a==b"])
        #expect(embedded("trailing key=") == ["key="])
        #expect(embedded("open q=\"never closed") == [])
    }
}
