/// The canonical columns of a parsed log line that extracted keys can fill; the raw values are
/// the names used in `fields.json` and in event `fill` maps.
public enum LogColumn: String, CaseIterable, Sendable {
    case level, service, context, message
    case auditID = "audit_id"
    case userID = "user_id"
    case ip, method, path
    case statusCode = "status_code"
    case traceID = "trace_id"

    /// Position in ``allCases``, for fixed-size per-line storage.
    var index: Int {
        switch self {
        case .level: 0
        case .service: 1
        case .context: 2
        case .message: 3
        case .auditID: 4
        case .userID: 5
        case .ip: 6
        case .method: 7
        case .path: 8
        case .statusCode: 9
        case .traceID: 10
        }
    }

    static let count = 11
}
