import Foundation

/// The hunts of a directory (`queries/`): every `*.toml` file in it, by id.
public struct HuntLibrary: Sendable {
    /// Sorted by id.
    public let hunts: [Hunt]
    public let directory: String

    /// Reads every hunt file of `directory`; any file that does not read stops the load.
    public static func load(directory: String) throws(HuntError) -> HuntLibrary {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw .file(path: directory, line: 0, column: 0, message: "cannot list the directory")
        }
        var hunts: [Hunt] = []
        for name in names.sorted() where name.hasSuffix(".toml") {
            hunts.append(try HuntFile.load(path: (directory as NSString).appendingPathComponent(name)))
        }
        guard !hunts.isEmpty else { throw .noLibrary(searched: [directory]) }
        return HuntLibrary(hunts: hunts.sorted { $0.id < $1.id }, directory: directory)
    }

    /// The hunts with these ids, in the order given (each once).
    public func select(_ ids: [String]) throws(HuntError) -> [Hunt] {
        var chosen: [Hunt] = []
        for id in ids where !chosen.contains(where: { $0.id == id }) {
            guard let hunt = hunts.first(where: { $0.id == id }) else {
                throw .unknownHunt(id: id, known: hunts.map(\.id))
            }
            chosen.append(hunt)
        }
        return chosen
    }

    /// Where the hunts are when no directory is given: `$AEGIS_AUDIT_QUERIES`, `./queries`,
    /// then `queries/` beside the executable or in a folder above it (a build tree), then
    /// `../share/aegis-audit/queries` from the executable (an install).
    public static func defaultDirectories(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: String = CommandLine.arguments.first ?? ""
    ) -> [String] {
        var candidates: [String] = []
        if let variable = environment["AEGIS_AUDIT_QUERIES"], !variable.isEmpty { candidates.append(variable) }
        candidates.append("queries")
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(folder.appendingPathComponent("../share/aegis-audit/queries").standardized.path)
        while folder.path != "/" {
            candidates.append(folder.appendingPathComponent("queries").path)
            folder.deleteLastPathComponent()
        }
        return candidates
    }

    /// The first of ``defaultDirectories(environment:executable:)`` that holds hunt files.
    public static func findDefault() throws(HuntError) -> HuntLibrary {
        let candidates = defaultDirectories()
        for candidate in candidates {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: candidate)) ?? []
            if names.contains(where: { $0.hasSuffix(".toml") }) { return try load(directory: candidate) }
        }
        throw .noLibrary(searched: Array(candidates.prefix(3)))
    }
}
