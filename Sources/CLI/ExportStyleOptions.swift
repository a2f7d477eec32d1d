import AegisAudit
import ArgumentParser
import Exporters

/// How exported values are rendered, shared by `query`, `export` (and any command that writes
/// rows): `--tz`, `--raw-csv` and the Timesketch column choices.
struct ExportStyleOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Show timestamps in this zone: UTC, an IANA name (Europe/Paris) or an offset (--tz=+05:30).")
    var tz: String = "UTC"

    @Flag(
        name: .long, help: "CSV: write cells verbatim, without neutralising spreadsheet formulas (=, +, -, @, tab, CR)."
    )
    var rawCSV = false

    @Option(name: .long, help: "Timesketch: the column holding each row's time (default: time, created_at, ...).")
    var timeColumn: String?

    @Option(name: .long, help: "Timesketch: the column holding each row's message (default: message, summary, ...).")
    var messageColumn: String?

    @Option(name: .long, help: "Timesketch: the timestamp_desc of every row (default: the time column's name).")
    var timestampDesc: String?

    /// The options, or a usage error naming a zone this system does not know.
    func exportOptions() throws -> ExportOptions {
        guard let zone = DisplayZone(tz) else {
            throw UsageError(
                message:
                    "--tz '\(tz)': not a time zone (use UTC, an IANA name such as Europe/Paris, or an offset such as +05:30)"
            )
        }
        return ExportOptions(
            zone: zone, rawCSV: rawCSV,
            timesketch: TimesketchOptions(
                timeColumn: timeColumn, messageColumn: messageColumn, timestampDescription: timestampDesc))
    }

    /// The `--format` value as a format, or the error listing the formats.
    static func format(_ name: String) throws -> ExportFormat {
        guard let format = ExportFormat(rawValue: name) else {
            throw UsageError(message: "--format: " + ExportError.unknownFormat(name).description)
        }
        return format
    }
}
