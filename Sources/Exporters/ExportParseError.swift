/// Where and why an export being verified could not be read back.
struct ExportParseError: Error {
    let offset: Int64
    let message: String

    init(_ offset: Int64, _ message: String) {
        self.offset = offset
        self.message = message
    }
}
