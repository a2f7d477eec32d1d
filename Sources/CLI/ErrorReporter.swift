import AegisAudit
import AegisSources
import ArgumentParser
import Exporters
import Foundation
import QueryLang

/// The one place that turns an error into what the user sees: one redacted line on standard
/// error (a query error adds its line and a caret) and an exit code by kind of failure.
enum ErrorReporter {
    /// Runs `body`; any error is reported and becomes the matching exit code.
    static func run(redactor: SecretRedactor = SecretRedactor(), _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            let (message, code) = describe(error)
            // A query error renders itself (query:LINE:COLUMN: error: ..., its line and a caret).
            let prefix = error is QueryError || error is QueryDiagnostics ? "aegis-audit: " : "aegis-audit: error: "
            FileHandle.standardError.write(Data("\(prefix)\(redactor.redact(message))\n".utf8))
            throw ExitCode(code)
        }
    }

    static func describe(_ error: Error) -> (String, Int32) {
        switch error {
        case let error as SourceError: return (error.description, 3)
        case let error as LokiError: return (error.description, 3)
        case let error as CacheError: return (error.description, 4)
        case let error as QueryError: return (error.description, 5)
        case let error as QueryDiagnostics: return (error.rendered, 5)
        case let error as ExportError: return (error.description, 6)
        case let error as ConfigError: return (error.description, 2)
        case let error as SyncFailure:
            if case .malformedRow = error { return (error.description, 3) }
            return (error.description, 2)
        case let error as UsageError: return (error.message, 2)
        case let error as TimelineError: return (error.description, error.exitCode)
        default: return (String(describing: error), 1)
        }
    }
}

/// A mistake in the command line that ArgumentParser cannot see (conflicting settings).
struct UsageError: Error {
    let message: String
}
