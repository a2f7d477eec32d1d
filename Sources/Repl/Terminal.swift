internal import CEditLine
import Foundation

/// Facts about the terminal the session runs on.
enum Terminal {
    /// Whether the descriptor is a terminal.
    static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    /// The terminal's width in columns, or nil when `descriptor` is not a terminal.
    static func columns(_ descriptor: Int32 = STDOUT_FILENO) -> Int? {
        let columns = Int(aegis_terminal_columns(descriptor))
        return columns > 0 ? columns : nil
    }

    /// Makes the C library (and so libedit) read and measure UTF-8 text: the user's locale,
    /// or C.UTF-8 when that is plain C.
    static func useUTF8Locale() {
        let name = setlocale(LC_ALL, "").map { String(cString: $0) } ?? "C"
        if !name.uppercased().contains("UTF-8") && !name.uppercased().contains("UTF8") {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    /// Whether colours suit this environment: `NO_COLOR` unset and a terminal that is not dumb.
    static func wantsColours(environment: [String: String]) -> Bool {
        environment["NO_COLOR"].map(\.isEmpty) ?? true && environment["TERM"] != "dumb"
    }
}
