import Foundation

/// A program started in the background, to be signalled (e.g. SIGKILL half-way) and then
/// waited for. Both output pipes are drained on their own threads so the child never blocks.
public final class RunningProcess: @unchecked Sendable {
    private let process: Process
    private let group = DispatchGroup()
    private let output = OutputBox()
    private let error = OutputBox()

    /// Starts `program arguments`; standard input is /dev/null.
    public init(
        _ program: String, _ arguments: [String], environment: [String: String]? = nil,
        currentDirectory: String? = nil
    ) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let outputPipe = Pipe(), errorPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        for (pipe, box) in [(outputPipe, output), (errorPipe, error)] {
            let handle = pipe.fileHandleForReading
            DispatchQueue.global().async(group: group) { box.data = handle.readDataToEndOfFile() }
        }
    }

    /// The child's process id.
    public var pid: Int32 { process.processIdentifier }

    /// Whether the child is still running.
    public var isRunning: Bool { process.isRunning }

    /// Sends `signal` (SIGKILL by default) if the child still runs; returns whether it was sent.
    @discardableResult
    public func kill(_ signal: Int32 = SIGKILL) -> Bool {
        guard process.isRunning else { return false }
        return Glibc.kill(process.processIdentifier, signal) == 0
    }

    /// Waits for the child to end. A child ended by a signal has `status` = 128 + the signal.
    public func wait() -> ProcessRunner.Result {
        group.wait()
        process.waitUntilExit()
        let status =
            process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return ProcessRunner.Result(
            status: status, standardOutput: String(decoding: output.data, as: UTF8.self),
            standardError: String(decoding: error.data, as: UTF8.self))
    }
}

/// Bytes handed from a reader thread to the caller after `DispatchGroup.wait()`.
private final class OutputBox: @unchecked Sendable {
    var data = Data()
}
