import Foundation

/// Runs the built `aegis-audit` executable, as a user would.
public enum CLIRunner {
    /// The executable beside the test bundle (swift build --build-tests builds both).
    public static var executable: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            bundle.appendingPathComponent("aegis-audit").path,
            GeneratedData.packageRoot.appendingPathComponent(".build/debug/aegis-audit").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    /// Runs `aegis-audit arguments` with the test environment minus any PG* variables, plus `environment`.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], currentDirectory: String? = nil
    ) throws -> ProcessRunner.Result {
        var base = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("PG") && !$0.key.hasPrefix("AEGIS_AUDIT")
        }
        base.merge(environment) { _, new in new }
        return try ProcessRunner.run(executable, arguments, environment: base, currentDirectory: currentDirectory)
    }
}

extension CLIRunner {
    /// Starts `aegis-audit arguments` in the background (same environment rules as ``run(_:environment:currentDirectory:)``).
    public static func start(
        _ arguments: [String], environment: [String: String] = [:], currentDirectory: String? = nil
    ) throws -> RunningProcess {
        var base = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("PG") && !$0.key.hasPrefix("AEGIS_AUDIT")
        }
        base.merge(environment) { _, new in new }
        return try RunningProcess(executable, arguments, environment: base, currentDirectory: currentDirectory)
    }
}
