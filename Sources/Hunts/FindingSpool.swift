import AegisAudit
import Foundation

/// The findings of a hunt run kept on disk while the run goes on, so that a run with millions
/// of findings holds none of them in memory: appended as the hunts produce them, then read back
/// in the same order, as often as needed, by the store and the report.
///
/// A private temporary file (mode 0600, in a folder of mode 0700 under `$TMPDIR` or `/tmp`),
/// removed when the spool goes away. Records are length-prefixed fields, read back only by this
/// type.
public final class FindingSpool {
    /// Findings appended so far.
    public private(set) var count = 0
    /// The private folder the spool's file is in.
    let folder: String
    private let path: String
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []

    public init() throws(HuntError) {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/aegis-audit-findings.XXXXXX".utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw .store("cannot create a folder for the findings in \(base): \(String(cString: strerror(errno)))")
        }
        folder = String(cString: created)
        path = folder + "/findings"
        let descriptor = open(path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0, let file = fdopen(descriptor, "w+") else {
            let reason = String(cString: strerror(errno))
            rmdir(folder)
            throw .store("cannot create \(path): \(reason)")
        }
        self.file = file
    }

    deinit {
        fclose(file)
        unlink(path)
        rmdir(folder)
    }

    /// Writes `finding` at the end of the spool.
    public func append(_ finding: Finding) throws(HuntError) {
        buffer.removeAll(keepingCapacity: true)
        put(finding.huntID)
        put(finding.severity.rawValue)
        put(finding.time)
        put(finding.summary)
        putCount(finding.evidence.count)
        for reference in finding.evidence {
            put(reference.table)
            put(reference.id)
        }
        putCount(finding.columns.count)
        for column in finding.columns { put(column) }
        putCount(finding.values.count)
        for value in finding.values { put(value) }
        fseeko(file, 0, SEEK_END)
        guard fwrite(buffer, 1, buffer.count, file) == buffer.count else {
            throw .store("cannot write the findings to \(path): \(String(cString: strerror(errno)))")
        }
        count += 1
    }

    /// Calls `body` with every finding, in the order they were appended.
    public func forEach(_ body: (Finding) throws -> Void) throws {
        let reader = try reader()
        while let finding = try reader.next() { try body(finding) }
    }

    /// A reader from the first finding on.
    public func reader() throws(HuntError) -> Reader {
        guard fflush(file) == 0, fseeko(file, 0, SEEK_SET) == 0 else {
            throw .store("cannot read back \(path): \(String(cString: strerror(errno)))")
        }
        return Reader(spool: self)
    }

    /// Reads the findings back one at a time. One reader at a time per spool, and no append
    /// while it reads.
    public final class Reader {
        private let spool: FindingSpool
        private var remaining: Int

        fileprivate init(spool: FindingSpool) {
            self.spool = spool
            remaining = spool.count
        }

        /// The next finding, or nil after the last.
        public func next() throws(HuntError) -> Finding? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            return try spool.readFinding()
        }
    }

    // MARK: - Encoding

    private func putCount(_ value: Int) {
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian) { buffer.append(contentsOf: $0) }
    }

    /// nil as 0xFFFFFFFF, else the length and the UTF-8 bytes.
    private func put(_ text: String?) {
        guard let text else { return putCount(Int(UInt32.max)) }
        putCount(text.utf8.count)
        buffer.append(contentsOf: text.utf8)
    }

    private func put(_ value: CacheValue) {
        switch value {
        case .null: buffer.append(0)
        case .integer(let number):
            buffer.append(1)
            withUnsafeBytes(of: number.littleEndian) { buffer.append(contentsOf: $0) }
        case .real(let number):
            buffer.append(2)
            withUnsafeBytes(of: number.bitPattern.littleEndian) { buffer.append(contentsOf: $0) }
        case .text(let text):
            buffer.append(3)
            put(text)
        case .blob(let bytes):
            buffer.append(4)
            putCount(bytes.count)
            buffer.append(contentsOf: bytes)
        }
    }

    private func readFinding() throws(HuntError) -> Finding {
        let huntID = try readText()
        guard let severity = Severity(rawValue: try readText() ?? "") else { throw damaged() }
        let time = try readText()
        let summary = try readText()
        var evidence: [EvidenceReference] = []
        for _ in 0..<(try readCount()) {
            evidence.append(EvidenceReference(table: try readText() ?? "", id: try readText() ?? ""))
        }
        var columns: [String] = []
        for _ in 0..<(try readCount()) { columns.append(try readText() ?? "") }
        var values: [CacheValue] = []
        for _ in 0..<(try readCount()) { values.append(try readValue()) }
        return Finding(
            huntID: huntID ?? "", severity: severity, time: time, summary: summary ?? "", evidence: evidence,
            columns: columns, values: values)
    }

    private func read(_ count: Int) throws(HuntError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard count == 0 || fread(&bytes, 1, count, file) == count else { throw damaged() }
        return bytes
    }

    private func readUInt64() throws(HuntError) -> UInt64 {
        try read(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    private func readCount() throws(HuntError) -> Int {
        Int(try read(4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    }

    private func readText() throws(HuntError) -> String? {
        let length = try readCount()
        if length == Int(UInt32.max) { return nil }
        return String(decoding: try read(length), as: UTF8.self)
    }

    private func readValue() throws(HuntError) -> CacheValue {
        switch try read(1)[0] {
        case 0: return .null
        case 1: return .integer(Int64(bitPattern: try readUInt64()))
        case 2: return .real(Double(bitPattern: try readUInt64()))
        case 3: return .text(try readText() ?? "")
        case 4: return .blob(try read(try readCount()))
        default: throw damaged()
        }
    }

    private func damaged() -> HuntError { .store("the findings spool \(path) is damaged") }
}
