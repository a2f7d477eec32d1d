internal import CSQLite

/// `cidr_match(ip, cidr)`: 1 when `ip` lies in the block `cidr` (IPv4 or IPv6; an IPv4-mapped
/// address matches IPv4 blocks), 0 when it does not or `ip` is not an address; NULL when either
/// is NULL. An invalid `cidr` is an error naming it.
///
/// The block is parsed once per statement and kept on argument 1; `ip` is parsed in place by
/// `inet_pton` from SQLite's zero-terminated text.
enum CIDRMatchFunction {
    static func call(_ context: OpaquePointer, _ arguments: UnsafeMutablePointer<OpaquePointer?>) {
        let ipValue = arguments[0]!, cidrValue = arguments[1]!
        if SQLFunctionValues.isNull(ipValue) || SQLFunctionValues.isNull(cidrValue) {
            return sqlite3_result_null(context)
        }
        if let inside = AuxiliaryCache.withCached(
            context, argument: 1, as: CIDRBlock.self,
            { block in
                contains(ipValue, block, context)
            })
        {
            guard let inside else { return }  // out of memory, already reported
            return sqlite3_result_int(context, inside ? 1 : 0)
        }
        SQLFunctionCounters.of(context)?.cidrParses += 1
        let block: CIDRBlock
        switch CIDRBlock.parse(SQLFunctionValues.string(cidrValue)) {
        case .success(let parsed): block = parsed
        case .failure(let error): return SQLFunctionValues.resultError(context, error.description)
        }
        guard let inside = contains(ipValue, block, context) else { return }
        sqlite3_result_int(context, inside ? 1 : 0)
        AuxiliaryCache.store(context, block, argument: 1)
    }

    /// Whether the address in `ipValue` is inside `block` (false for text that is not an
    /// address); nil when SQLite ran out of memory reading it.
    @inline(__always)
    private static func contains(_ ipValue: OpaquePointer, _ block: CIDRBlock, _ context: OpaquePointer) -> Bool? {
        guard let ip = SQLFunctionValues.text(ipValue, context) else { return nil }
        return IPAddressBits(zeroTerminated: ip.baseAddress!, count: ip.count).map(block.contains) ?? false
    }
}
