import Testing

@testable import AegisAudit

@Suite struct IPIsPrivateFunctionTests {
    @Test(arguments: [
        // RFC 1918
        ("10.0.0.0", 1), ("10.255.255.255", 1), ("11.0.0.1", 0), ("9.255.255.255", 0),
        ("172.16.0.1", 1), ("172.31.255.255", 1), ("172.15.255.255", 0), ("172.32.0.1", 0),
        ("192.168.0.1", 1), ("192.168.255.255", 1), ("192.169.0.1", 0), ("192.167.255.255", 0),
        // loopback, link-local, CGNAT
        ("127.0.0.1", 1), ("127.255.255.254", 1), ("128.0.0.1", 0),
        ("169.254.10.20", 1), ("169.253.255.255", 0), ("169.255.0.1", 0),
        ("100.64.0.1", 1), ("100.127.255.255", 1), ("100.63.255.255", 0), ("100.128.0.0", 0),
        // public
        ("8.8.8.8", 0), ("203.0.113.5", 0), ("0.0.0.0", 0), ("255.255.255.255", 0),
    ])
    func ipv4(_ ip: String, _ expected: Int64) throws {
        #expect(try FunctionDatabase().value("SELECT ip_is_private(?)", .text(ip)) == .integer(expected))
    }

    @Test(arguments: [
        ("fc00::1", 1), ("fd12:3456:789a::1", 1), ("fdff:ffff::1", 1), ("fbff::1", 0), ("fe00::1", 0),
        ("::1", 1), ("::2", 0), ("::", 0),
        ("fe80::1", 1), ("FE80::abcd", 1), ("febf:ffff::1", 1), ("fec0::1", 0),
        ("2001:db8::1", 0), ("2606:4700::1111", 0),
        // IPv4-mapped forms of IPv4 ranges count; IPv4-compatible ones do not
        ("::ffff:192.168.1.1", 1), ("::ffff:127.0.0.1", 1), ("::ffff:100.64.1.1", 1), ("::ffff:8.8.8.8", 0),
        ("::192.168.1.1", 0),
    ])
    func ipv6(_ ip: String, _ expected: Int64) throws {
        #expect(try FunctionDatabase().value("SELECT ip_is_private(?)", .text(ip)) == .integer(expected))
    }

    @Test func notAnAddressIsZeroAndNullIsNull() throws {
        let db = try FunctionDatabase()
        for text in ["", "localhost", "10.0.0.1:80", "10.0.0", "192.168.1.1 ", "fe80::1%lo"] {
            #expect(try db.value("SELECT ip_is_private(?)", .text(text)) == .integer(0), "\(text)")
        }
        #expect(try db.value("SELECT ip_is_private(167772161)") == .integer(0))
        #expect(try db.value("SELECT ip_is_private(NULL)") == .null)
    }

    @Test func agreesWithCIDRMatchOverTheListedRanges() throws {
        let db = try FunctionDatabase()
        try db.fill(
            60_000, "(i * 7919 % 256) || '.' || (i * 104729 % 256) || '.' || (i % 256) || '.' || (i / 256 % 256)")
        let ranges = [
            "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10",
        ]
        let anyRange = ranges.map { "cidr_match(v, '\($0)')" }.joined(separator: " OR ")
        let disagreements = try db.value("SELECT count(*) FROM t WHERE ip_is_private(v) != (\(anyRange))")
        #expect(disagreements == .integer(0))
        #expect(try db.value("SELECT count(*) FROM t WHERE ip_is_private(v)") != .integer(0))
    }
}
