/// A problem with REPL input that is not a query's: a meta-command used wrongly, a file that
/// cannot be written. The session reports it and goes on.
public enum ReplError: Error, CustomStringConvertible, Sendable, Equatable {
    case usage(String)
    case file(String)

    public var description: String {
        switch self {
        case .usage(let message), .file(let message): return message
        }
    }
}
