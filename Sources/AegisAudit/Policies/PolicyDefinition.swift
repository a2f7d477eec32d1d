import AegisSources

/// One policy as `policies diff` compares it: from a cached snapshot (every field, its id and
/// `updated_at`) or from a baseline file (the fields the file gives, no id).
public struct PolicyDefinition: Sendable {
    /// The policy's id (nil for a baseline file's policy).
    public var id: String?
    public var name: String
    /// The fields present, as JSON. A field absent from a baseline file is not compared.
    public var values: [PolicyField: JSONValue]
    /// `updated_at` in the cache form (snapshot policies only).
    public var updatedAt: String?

    public init(id: String?, name: String, values: [PolicyField: JSONValue], updatedAt: String? = nil) {
        self.id = id
        self.name = name
        self.values = values
        self.updatedAt = updatedAt
    }

    /// The canonical JSON of a field for comparing (sets sorted), nil when absent.
    func comparable(_ field: PolicyField) -> String? {
        values[field].map { CanonicalJSON.text($0, sortingArrays: field.isSet) }
    }

    /// A field as a cell of the diff's rows (nil when absent): a string as text, a number as
    /// an integer, a boolean as 1 or 0 (as the cache holds it), a list or mapping as canonical
    /// JSON with lists in their own order.
    func cell(_ field: PolicyField) -> CacheValue? {
        guard let value = values[field] else { return nil }
        switch value {
        case .null: return .null
        case .bool(let flag): return .integer(flag ? 1 : 0)
        case .string(let text): return .text(text)
        case .number(let text):
            let canonical = CanonicalJSON.number(text)
            return Int64(canonical).map(CacheValue.integer) ?? Double(canonical).map(CacheValue.real) ?? .text(text)
        case .array, .object: return .text(CanonicalJSON.text(value))
        }
    }

    /// The whole policy as one canonical JSON object of its present fields.
    var document: String {
        CanonicalJSON.text(
            .object(
                PolicyField.allCases.compactMap { field in
                    values[field].map { JSONMember(key: field.rawValue, value: $0) }
                }))
    }

    /// The fields that differ between `before` and `after`, in ``PolicyField`` order; a field
    /// is compared only when both sides have it.
    static func changedFields(_ before: PolicyDefinition, _ after: PolicyDefinition) -> [PolicyField] {
        PolicyField.allCases.filter { field in
            guard let old = before.comparable(field), let new = after.comparable(field) else { return false }
            return old != new
        }
    }
}
