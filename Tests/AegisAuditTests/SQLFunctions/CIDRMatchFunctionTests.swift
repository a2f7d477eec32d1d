import Testing

@testable import AegisAudit

@Suite struct CIDRMatchFunctionTests {
    private func match(_ db: FunctionDatabase, _ ip: String, _ cidr: String) throws -> CacheValue {
        try db.value("SELECT cidr_match(?, ?)", .text(ip), .text(cidr))
    }

    @Test(arguments: [
        ("10.1.2.3", "10.0.0.0/8", 1), ("11.0.0.1", "10.0.0.0/8", 0), ("9.255.255.255", "10.0.0.0/8", 0),
        ("172.31.255.255", "172.16.0.0/12", 1), ("172.32.0.0", "172.16.0.0/12", 0),
        ("172.15.255.255", "172.16.0.0/12", 0),
        ("192.168.1.1", "192.168.1.1", 1), ("192.168.1.2", "192.168.1.1", 0),  // a bare address is a /32
        ("203.0.113.9", "0.0.0.0/0", 1), ("203.0.113.9", "203.0.113.9/32", 1), ("203.0.113.8", "203.0.113.9/31", 1),
        ("203.0.113.10", "203.0.113.9/31", 0),
        ("10.200.3.4", "10.1.2.3/8", 1),  // host bits below the prefix are ignored
    ])
    func ipv4(_ ip: String, _ cidr: String, _ expected: Int64) throws {
        #expect(try match(FunctionDatabase(), ip, cidr) == .integer(expected))
    }

    @Test(arguments: [
        ("2001:db8::1", "2001:db8::/32", 1), ("2001:db9::1", "2001:db8::/32", 0),
        ("2001:DB8:0:0:0:0:0:ffff", "2001:db8::/32", 1),  // case and spelling do not matter
        ("2001:db8:abcd:12::7", "2001:db8:abcd:12::/64", 1), ("2001:db8:abcd:13::7", "2001:db8:abcd:12::/64", 0),
        ("2001:db8::1", "2001:db8::1", 1), ("2001:db8::2", "2001:db8::1", 0),  // a bare address is a /128
        ("2001:db8::2", "2001:db8::3/127", 1), ("2001:db8::4", "2001:db8::3/127", 0),
        ("fe80::1", "fe80::/10", 1), ("febf:ffff::1", "fe80::/10", 1), ("fec0::1", "fe80::/10", 0),
        ("::1", "::/0", 1), ("2001:db8::1", "::/0", 1),
        ("2001:db8::1", "10.0.0.0/8", 0), ("10.1.2.3", "2001:db8::/32", 0),
    ])
    func ipv6(_ ip: String, _ cidr: String, _ expected: Int64) throws {
        #expect(try match(FunctionDatabase(), ip, cidr) == .integer(expected))
    }

    @Test(arguments: [
        ("::ffff:10.1.2.3", "10.0.0.0/8", 1), ("::FFFF:10.1.2.3", "10.0.0.0/8", 1), ("::ffff:a01:203", "10.0.0.0/8", 1),
        ("::ffff:11.1.2.3", "10.0.0.0/8", 0), ("0:0:0:0:0:ffff:192.168.7.7", "192.168.0.0/16", 1),
        ("10.1.2.3", "::ffff:10.0.0.0/104", 1), ("::ffff:10.1.2.3", "::ffff:10.0.0.0/104", 1),
        ("10.1.2.3", "::ffff:0:0/96", 1),
        // Not IPv4-mapped: the IPv4-compatible form and an address whose last bits merely look alike.
        ("::10.1.2.3", "10.0.0.0/8", 0), ("64:ff9b::10.1.2.3", "10.0.0.0/8", 0),
        // A dotted quad is not "any IPv6 address"; its mapped spelling is.
        ("10.1.2.3", "::/0", 0), ("::ffff:10.1.2.3", "::/0", 1),
    ])
    func ipv4Mapped(_ ip: String, _ cidr: String, _ expected: Int64) throws {
        #expect(try match(FunctionDatabase(), ip, cidr) == .integer(expected))
    }

    @Test(arguments: [
        "", "10.0.0", "10.0.0.256", "10.0.0.01", "010.0.0.1", "10.0.0.1:443", " 10.0.0.1", "10.0.0.1 ",
        "10.0.0.1/8", "[::1]", "fe80::1%eth0", "2001:db8::g", "2001:db8:::1", "not an address",
        "10.0.0.1,10.0.0.2", String(repeating: "1", count: 100), "::ffff:10.1.2.3.4",
    ])
    func textThatIsNotAnAddressDoesNotMatch(_ ip: String) throws {
        let db = try FunctionDatabase()
        #expect(try match(db, ip, "0.0.0.0/0") == .integer(0))
        #expect(try match(db, ip, "::/0") == .integer(0))
    }

    @Test func nonTextIPsDoNotMatch() throws {
        let db = try FunctionDatabase()
        #expect(try db.value("SELECT cidr_match(167837955, '10.0.0.0/8')") == .integer(0))  // 10.1.2.3 as an integer
        // An embedded NUL must not let inet_pton see only the prefix.
        #expect(
            try db.value("SELECT cidr_match(CAST(x'31302e312e322e3300787878' AS TEXT), '10.0.0.0/8')") == .integer(0))
    }

    @Test func nullInNullOut() throws {
        let db = try FunctionDatabase()
        #expect(try db.value("SELECT cidr_match(NULL, '10.0.0.0/8')") == .null)
        #expect(try db.value("SELECT cidr_match('10.1.2.3', NULL)") == .null)
    }

    @Test(arguments: [
        ("10.0.0.0/33", "invalid CIDR '10.0.0.0/33': the prefix length must be 0 to 32"),
        ("2001:db8::/129", "invalid CIDR '2001:db8::/129': the prefix length must be 0 to 128"),
        ("10.0.0.0/", "invalid CIDR '10.0.0.0/': the prefix length must be 0 to 32"),
        ("10.0.0.0/-1", "invalid CIDR '10.0.0.0/-1': the prefix length must be 0 to 32"),
        ("10.0.0.0/8/8", "invalid CIDR '10.0.0.0/8/8': the prefix length must be 0 to 32"),
        ("10.0.0.0/ 8", "invalid CIDR '10.0.0.0/ 8': the prefix length must be 0 to 32"),
        ("10.0.0/8", "invalid CIDR '10.0.0/8': not an IPv4 or IPv6 address"),
        ("corp-net", "invalid CIDR 'corp-net': not an IPv4 or IPv6 address"),
        ("", "invalid CIDR '': not an IPv4 or IPv6 address"),
    ])
    func anInvalidCIDRIsAnErrorNamingIt(_ cidr: String, _ message: String) throws {
        let db = try FunctionDatabase()
        #expect(db.errorMessage("SELECT cidr_match('10.1.2.3', ?)", .text(cidr)) == message)
        // Whatever the address: a bad block is a mistake in the query, not in the data.
        #expect(db.errorMessage("SELECT cidr_match('garbage', ?)", .text(cidr)) == message)
    }

    @Test func aLongInvalidCIDRIsCutShortInTheMessage() throws {
        let db = try FunctionDatabase()
        let message = try #require(
            db.errorMessage("SELECT cidr_match('10.1.2.3', ?)", .text(String(repeating: "x", count: 5000))))
        #expect(message.count < 200)
        #expect(message.hasPrefix("invalid CIDR 'xxxx"))
    }

    @Test func aConstantCIDRIsParsedOnceForAllRows() throws {
        let db = try FunctionDatabase()
        // i % 4: 0 → 10.x, 1 → 192.168.x, 2 → ::ffff:10.x, 3 → 2001:db8::x
        try db.fill(
            100_000,
            """
            CASE i % 4 WHEN 0 THEN '10.' || (i % 256) || '.' || (i / 256 % 256) || '.1'
              WHEN 1 THEN '192.168.' || (i % 256) || '.1'
              WHEN 2 THEN '::ffff:10.0.' || (i % 256) || '.9'
              ELSE '2001:db8::' || printf('%x', i % 65536) END
            """)
        #expect(try db.value("SELECT count(*) FROM t WHERE cidr_match(v, '10.0.0.0/8')") == .integer(50_000))
        #expect(db.counters.cidrParses == 1)
        #expect(
            try db.value("SELECT count(*) FROM t WHERE cidr_match(v, ?)", .text("2001:db8::/32")) == .integer(25_000))
        #expect(db.counters.cidrParses == 2)
    }

    @Test func aCIDRThatChangesFromRowToRowIsNeverServedStale() throws {
        let db = try FunctionDatabase()
        try db.database.execute(
            """
            CREATE TABLE allow (id INTEGER PRIMARY KEY, ip TEXT, cidr TEXT);
            INSERT INTO allow (ip, cidr) VALUES
              ('10.1.2.3', '10.0.0.0/8'), ('10.1.2.3', '192.168.0.0/16'), ('192.168.9.9', '192.168.0.0/16'),
              ('2001:db8::1', '2001:db8::/32'), ('2001:db8::1', '10.0.0.0/8');
            """)
        let matched = try db.rows("SELECT cidr_match(ip, cidr) FROM allow ORDER BY id").map { $0[0] }
        #expect(matched == [1, 0, 1, 1, 0].map { CacheValue.integer($0) })
    }
}
