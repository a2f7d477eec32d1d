import Testing

@testable import AegisAudit

@Suite struct IPAddressTextTests {
    @Test(arguments: [
        ("::ffff:10.8.1.23", "10.8.1.23"),
        ("::FFFF:10.8.1.23", "10.8.1.23"),
        ("10.8.1.23", "10.8.1.23"),
        ("2001:db8::4", "2001:db8::4"),
        ("::1", "::1"),
        ("::ffff:a08:117", "::ffff:a08:117"),  // not a dotted quad: kept as written
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("[::ffff:10.0.0.7]:8080", "10.0.0.7"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("10.0.0.1:5000", "10.0.0.1"),
        ("203.0.113.7, 10.0.0.1", "203.0.113.7"),  // X-Forwarded-For: the client comes first
        ("  198.51.100.5 ", "198.51.100.5"),
    ])
    func normalises(raw: String, expected: String) {
        #expect(IPAddressText.normalize(raw) == expected)
    }

    @Test(arguments: ["", "   ", "[", "[]:80", ", 10.0.0.1"])
    func nothingUsableIsNil(raw: String) {
        #expect(IPAddressText.normalize(raw) == nil)
    }

    @Test func everyAddressKeyIsNormalisedInTheColumn() throws {
        let parser = try LogParsingFixtures.parser()
        for key in ["ip", "ip_address", "remote_addr", "clientIp"] {
            let parsed = parser.parse(#"{"\#(key)":"::ffff:10.8.1.23"}"#, labels: [:])
            #expect(parsed.ip == "10.8.1.23", "\(key)")
        }
    }

    @Test func anEmptyIPLeavesRoomForTheNextKey() throws {
        let parser = try LogParsingFixtures.parser()
        // gen_aegis.py writes "ip":"" when the request had no address.
        #expect(parser.parse(#"{"ip":"","ip_address":"198.51.100.7"}"#, labels: [:]).ip == "198.51.100.7")
        #expect(parser.parse(#"{"ip":""}"#, labels: [:]).ip == nil)
    }
}
