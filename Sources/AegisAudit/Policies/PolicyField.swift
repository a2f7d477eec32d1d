/// A field of a policy that `policies diff` compares, in the order a change lists them.
public enum PolicyField: String, CaseIterable, Sendable {
    case name, description, type, effect, actions, resources, conditions, priority
    case isActive = "is_active"

    /// The key in a baseline file (the TypeORM entity's names; `is_active` is accepted too).
    var fileKeys: [String] {
        self == .isActive ? ["isActive", "is_active"] : [rawValue]
    }

    /// Lists whose order means nothing (a policy matches any of its actions and resources):
    /// compared as sets.
    var isSet: Bool { self == .actions || self == .resources }

    /// What a baseline file must hold for this field (null is always accepted).
    var expected: String {
        switch self {
        case .name, .description, .type, .effect: return "a string"
        case .actions, .resources: return "a list of strings"
        case .conditions: return "a mapping"
        case .priority: return "an integer"
        case .isActive: return "true or false"
        }
    }
}
