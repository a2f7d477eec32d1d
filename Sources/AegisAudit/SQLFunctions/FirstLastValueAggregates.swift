internal import CSQLite

/// `first_value_of(x)` and `last_value_of(x)`: the first / last non-NULL `x` in the order rows
/// are fed (the query compiler feeds them sorted by time); NULL for an empty or all-NULL group.
///
/// The kept value is a copy (`sqlite3_value_dup`), so any type survives as it was: integer,
/// real, text or blob. Its pointer lives in the group's `sqlite3_aggregate_context`, and
/// ``ValueAggregate/finish(_:)`` hands it over and frees it.
enum ValueAggregate {
    /// The group's slot for the kept value, allocated (zeroed) on the first row.
    @inline(__always)
    static func slot(_ context: OpaquePointer, allocate: Bool) -> UnsafeMutablePointer<OpaquePointer?>? {
        let size = allocate ? Int32(MemoryLayout<OpaquePointer?>.size) : 0
        return sqlite3_aggregate_context(context, size)?.assumingMemoryBound(to: OpaquePointer?.self)
    }

    /// Copies `value` into `slot`, freeing what was there; sets the out-of-memory error when
    /// SQLite cannot copy.
    @inline(__always)
    static func keep(_ value: OpaquePointer, in slot: UnsafeMutablePointer<OpaquePointer?>, _ context: OpaquePointer) {
        guard let copy = sqlite3_value_dup(value) else { return sqlite3_result_error_nomem(context) }
        sqlite3_value_free(slot.pointee)
        slot.pointee = copy
    }

    static func finish(_ context: OpaquePointer) {
        guard let slot = slot(context, allocate: false), let kept = slot.pointee else {
            return sqlite3_result_null(context)
        }
        sqlite3_result_value(context, kept)
        sqlite3_value_free(kept)
        slot.pointee = nil
    }
}

enum FirstValueAggregate {
    static func step(_ context: OpaquePointer, _ arguments: UnsafeMutablePointer<OpaquePointer?>) {
        let value = arguments[0]!
        if SQLFunctionValues.isNull(value) { return }
        guard let slot = ValueAggregate.slot(context, allocate: true) else {
            return sqlite3_result_error_nomem(context)
        }
        if slot.pointee == nil { ValueAggregate.keep(value, in: slot, context) }
    }
}

enum LastValueAggregate {
    static func step(_ context: OpaquePointer, _ arguments: UnsafeMutablePointer<OpaquePointer?>) {
        let value = arguments[0]!
        if SQLFunctionValues.isNull(value) { return }
        guard let slot = ValueAggregate.slot(context, allocate: true) else {
            return sqlite3_result_error_nomem(context)
        }
        ValueAggregate.keep(value, in: slot, context)
    }
}
