import Crypto
import Testing

@testable import AegisAudit

/// The rows digest is a sum modulo 2^256: order-free, carried across its 64-bit limbs, and
/// stored as 32 big-endian bytes that read back to the same digest.
@Suite struct RowSetDigestTests {
    private func hash(_ text: String) -> [UInt8] { Array(SHA256.hash(data: Array(text.utf8))) }

    @Test func theOrderOfRowsDoesNotMatterButEveryRowDoes() {
        let rows = (0..<50).map { hash("row \($0)") }
        var forward = RowSetDigest(), backward = RowSetDigest(), missing = RowSetDigest()
        for row in rows { forward.add(row) }
        for row in rows.reversed() { backward.add(row) }
        for row in rows.dropFirst() { missing.add(row) }
        #expect(forward == backward)
        #expect(forward.count == 50)
        #expect(forward != missing)
        var twice = missing
        twice.add(rows[1])  // another row instead of the missing one: same count, other sum
        #expect(twice.count == forward.count)
        #expect(twice.bytes != forward.bytes)
    }

    @Test func carriesPropagateAcrossLimbsAndWrapAt2To256() {
        var digest = RowSetDigest()
        digest.add([UInt8](repeating: 0xff, count: 32))  // 2^256 - 1
        digest.add([UInt8](repeating: 0, count: 31) + [2])  // + 2 wraps to 1
        #expect(digest.bytes == [UInt8](repeating: 0, count: 31) + [1])

        var carry = RowSetDigest()
        carry.add([UInt8](repeating: 0, count: 24) + [UInt8](repeating: 0xff, count: 8))
        carry.add([UInt8](repeating: 0, count: 31) + [1])
        #expect(carry.bytes == [UInt8](repeating: 0, count: 23) + [1] + [UInt8](repeating: 0, count: 8))
    }

    @Test func storedBytesReadBackAndSumsCombine() throws {
        var a = RowSetDigest(), b = RowSetDigest(), all = RowSetDigest()
        for index in 0..<10 {
            let row = hash("r\(index)")
            if index % 2 == 0 { a.add(row) } else { b.add(row) }
            all.add(row)
        }
        var combined = a
        combined.add(b)
        #expect(combined == all)
        #expect(try #require(RowSetDigest(bytes: all.bytes, count: all.count)) == all)
        #expect(RowSetDigest(bytes: [1, 2, 3], count: 1) == nil)
    }

    @Test func aReplacedVersionIsItsOwnItem() {
        let row = hash("version 1")
        #expect(RowSetDigest.replacedItem(row) != row)
        #expect(RowSetDigest.replacedItem(row).count == 32)
        #expect(RowSetDigest.replacedItem(row) == RowSetDigest.replacedItem(row))
    }
}
