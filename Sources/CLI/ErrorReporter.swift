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
            let rendered = error is QueryError || error is QueryDiagnostics
            let text = rendered ? "aegis-audit: \(message)" : "aegis-audit: error: " + oneLine(message)
            FileHandle.standardError.write(Data("\(redactor.redact(text))\n".utf8))
            throw ExitCode(code)
        }
    }

    /// `message` on one line: line breaks become spaces and other control characters `\u{…}`
    /// escapes, so that text from a source (a server's error page, a database's message) can
    /// neither add lines nor drive the terminal.
    static func oneLine(_ message: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(message.unicodeScalars.count)
        for scalar in message.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator:
                if scalar == "\n" || scalar == "\r" || scalar == "\t" || scalar == "\u{2028}" || scalar == "\u{2029}" {
                    result.unicodeScalars.append(" ")
                } else {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                }
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func describe(_ error: Error) -> (String, Int32) {
        switch error {
        case let error as SourceError: return (error.description, 3)
        case let error as LokiError:
            // A Loki address or token file that cannot be used is a mistake in the configuration.
            switch error {
            case .invalidAddress, .tokenFile: return (error.description, 2)
            default: return (error.description, 3)
            }
        case let error as CacheError: return (error.description, 4)
        case let error as QueryError: return (error.description, 5)
        case let error as QueryDiagnostics: return (error.rendered, 5)
        case let error as ExportError: return (error.description, 6)
        case let error as ConfigError: return (error.description, 2)
        case let error as SyncFailure:
            switch error {
            case .malformedRow, .rowWithoutID: return (error.description, 3)
            case .invalidDuration, .noSources: break
            }
            return (error.description, 2)
        case let error as UsageError: return (error.message, 2)
        case let error as TimelineError: return (error.description, error.exitCode)
        case let error as PolicyDiffError: return (error.description, error.exitCode)
        default: return (String(describing: error), 1)
        }
    }
}

/// A mistake in the command line that ArgumentParser cannot see (conflicting settings).
struct UsageError: Error {
    let message: String
}
