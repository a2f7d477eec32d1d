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
        var isNew = false
        let block: CIDRBlock
        if let cached = AuxiliaryCache.lookup(context, argument: 1, as: CIDRBlock.self) {
            block = cached
        } else {
            SQLFunctionCounters.of(context)?.cidrParses += 1
            switch CIDRBlock.parse(SQLFunctionValues.string(cidrValue)) {
            case .success(let parsed): block = parsed
            case .failure(let error): return SQLFunctionValues.resultError(context, error.description)
            }
            isNew = true
        }
        guard let ip = SQLFunctionValues.text(ipValue, context) else { return }
        let inside = IPAddressBits(zeroTerminated: ip.baseAddress!, count: ip.count).map(block.contains) ?? false
        sqlite3_result_int(context, inside ? 1 : 0)
        if isNew { AuxiliaryCache.store(context, block, argument: 1) }
    }
}
