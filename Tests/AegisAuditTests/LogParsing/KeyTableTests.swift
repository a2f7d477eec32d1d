import Testing

@testable import AegisAudit

@Suite struct KeyTableTests {
    @Test func findsExactKeysOnly() {
        let table = KeyTable([
            ("ip", 1), ("id", 2), ("ip_address", 3), ("", 4), ("é", 5), ("a_key_longer_than_thirty_one_bytes_x", 6),
            ("a_key_longer_than_thirty_one_bytes_y", 7),
        ])
        #expect(table["ip"] == 1)
        #expect(table["id"] == 2)  // same length and first byte as "ip"
        #expect(table["ip_address"] == 3)
        #expect(table[""] == 4)
        #expect(table["é"] == 5)
        #expect(table["a_key_longer_than_thirty_one_bytes_x"] == 6)
        #expect(table["a_key_longer_than_thirty_one_bytes_y"] == 7)
        #expect(table["iq"] == nil)
        #expect(table["IP"] == nil)
        #expect(table["ip "] == nil)
        #expect(table["a_key_longer_than_thirty_one_bytes_z"] == nil)
    }

    @Test func theFirstValueOfARepeatedKeyWins() {
        #expect(KeyTable([("level", "a"), ("level", "b")])["level"] == "a")
    }
}
