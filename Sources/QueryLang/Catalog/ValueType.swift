/// The types QueryLang checks expressions against.
public enum ValueType: String, Sendable, Equatable {
    case text, integer, real, boolean, timestamp, json, blob, duration, null
    /// Anything (a JSON member, a value of unknown origin).
    case any

    var isNumeric: Bool { self == .integer || self == .real || self == .boolean }

    /// Whether values of the two types can be compared with each other.
    func comparable(with other: ValueType) -> Bool {
        if self == other || self == .any || other == .any || self == .null || other == .null { return true }
        if isNumeric && other.isNumeric { return true }
        if (self == .text && other == .json) || (self == .json && other == .text) { return true }
        return false
    }
}
