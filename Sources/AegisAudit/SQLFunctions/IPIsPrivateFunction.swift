internal import CSQLite

/// `ip_is_private(ip)`: 1 for an address that is not publicly routable, 0 for any other text,
/// NULL for NULL. Private here is: RFC 1918 (10/8, 172.16/12, 192.168/16), loopback (127/8,
/// ::1), link-local (169.254/16, fe80::/10), CGNAT (100.64/10) and IPv6 unique-local
/// (fc00::/7); IPv4 ranges count in their IPv4-mapped form too (`::ffff:10.1.2.3`).
enum IPIsPrivateFunction {
    static func call(_ context: OpaquePointer, _ arguments: UnsafeMutablePointer<OpaquePointer?>) {
        let ipValue = arguments[0]!
        if SQLFunctionValues.isNull(ipValue) { return sqlite3_result_null(context) }
        guard let ip = SQLFunctionValues.text(ipValue, context) else { return }
        let address = IPAddressBits(zeroTerminated: ip.baseAddress!, count: ip.count)
        sqlite3_result_int(context, address.map(isPrivate) == true ? 1 : 0)
    }

    static func isPrivate(_ address: IPAddressBits) -> Bool {
        if address.isIPv4 {
            let v4 = address.ipv4
            return v4 >> 24 == 10  // 10.0.0.0/8
                || v4 >> 20 == 0xAC1  // 172.16.0.0/12
                || v4 >> 16 == 0xC0A8  // 192.168.0.0/16
                || v4 >> 24 == 127  // 127.0.0.0/8
                || v4 >> 16 == 0xA9FE  // 169.254.0.0/16
                || v4 >> 22 == 0x191  // 100.64.0.0/10
        }
        return address.high >> 57 == 0x7E  // fc00::/7
            || address.high >> 54 == 0x3FA  // fe80::/10
            || (address.high == 0 && address.low == 1)  // ::1
    }
}
