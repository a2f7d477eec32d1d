/// One Loki log line taken apart: its shape, the canonical columns a responder joins on, the
/// remaining key/values as JSON text and the typed events recognised in its message.
public struct ParsedLogLine: Sendable, Equatable {
    /// The shape that matched: "json", "nestjs-json", "nestjs-text", "logfmt", "python-logging"
    /// (names come from the format files), or "raw" when none did.
    public var format: String
    /// Normalised to debug, info, warn, error or fatal.
    public var level: String?
    public var service: String?
    /// The NestJS `[Context]` or the Python logger name.
    public var context: String?
    public var message: String?
    public var auditID: String?
    public var userID: String?
    /// Without an IPv4-mapped prefix, brackets or port: "::ffff:10.8.1.23" → "10.8.1.23".
    public var ip: String?
    public var method: String?
    public var path: String?
    public var statusCode: Int?
    public var traceID: String?
    /// Every extracted key/value as one JSON object text (nil when nothing was extracted, as for
    /// raw lines).
    public var fields: String?
    public var events: [LogEvent]

    public init(
        format: String, level: String? = nil, service: String? = nil, context: String? = nil,
        message: String? = nil, auditID: String? = nil, userID: String? = nil, ip: String? = nil,
        method: String? = nil, path: String? = nil, statusCode: Int? = nil, traceID: String? = nil,
        fields: String? = nil, events: [LogEvent] = []
    ) {
        self.format = format
        self.level = level
        self.service = service
        self.context = context
        self.message = message
        self.auditID = auditID
        self.userID = userID
        self.ip = ip
        self.method = method
        self.path = path
        self.statusCode = statusCode
        self.traceID = traceID
        self.fields = fields
        self.events = events
    }
}

/// A typed event recognised in a message, e.g. `policy_updated` with the policy's id and name.
public struct LogEvent: Sendable, Equatable {
    public var kind: String
    public var subjectID: String?
    public var subjectName: String?

    public init(kind: String, subjectID: String? = nil, subjectName: String? = nil) {
        self.kind = kind
        self.subjectID = subjectID
        self.subjectName = subjectName
    }
}
