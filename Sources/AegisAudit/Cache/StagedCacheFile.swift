import Foundation

/// A cache that does not exist yet, built under a temporary name beside its final path and
/// linked into place only once complete.
///
/// Until it is published the file is nobody's cache, so a first sync writes it without a
/// journal (each page once, instead of once to the WAL and again at the checkpoint): a crash
/// or an error leaves the final path absent, as it was. Publishing makes the file durable,
/// then links it under its name; the link fails rather than replace a cache that another
/// process created meanwhile.
struct StagedCacheFile {
    /// Where the cache will appear.
    let finalPath: String
    /// Where it is built: `.<name>.partial-<pid>` in the same folder (as exports are).
    let stagingPath: String

    /// Creates the staging file (mode 0600), after removing the ones of syncs that died.
    static func create(for path: String) throws(CacheError) -> StagedCacheFile {
        removeAbandoned(for: path)
        let staging = stagingPath(for: path, pid: getpid())
        unlink(staging)  // a leftover of an earlier process that had this pid
        let descriptor = open(staging, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .fileSystem(path: path, operation: "creating the cache", reason: String(cString: strerror(errno)))
        }
        close(descriptor)
        return StagedCacheFile(finalPath: path, stagingPath: staging)
    }

    /// Flushes the file to disk, links it under its final name and removes the staging name.
    func publish() throws(CacheError) {
        let descriptor = open(stagingPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0, fsync(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            if descriptor >= 0 { close(descriptor) }
            throw .fileSystem(path: finalPath, operation: "writing the new cache to disk", reason: reason)
        }
        close(descriptor)
        guard link(stagingPath, finalPath) == 0 else {
            let reason =
                errno == EEXIST
                ? "another process created it during this sync; run the sync again to update it"
                : String(cString: strerror(errno))
            throw .fileSystem(path: finalPath, operation: "putting the new cache in place", reason: reason)
        }
        unlink(stagingPath)
        Self.syncDirectory(of: finalPath)
    }

    /// Removes the staging file (after an error).
    func discard() { Cache.removeFiles(path: stagingPath) }

    /// `.<name>.partial-<pid>` beside `path`.
    static func stagingPath(for path: String, pid: pid_t) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(pid)").path
    }

    /// Removes the staging files of syncs whose process no longer runs (killed ones).
    static func removeAbandoned(for path: String) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let prefix = ".\(url.lastPathComponent).partial-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            // `.<name>.partial-<pid>`, and its `-wal`, `-shm` or `-journal` beside it.
            let digits = name.dropFirst(prefix.count).prefix { $0.isASCII && $0.isNumber }
            guard let pid = pid_t(digits), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                Cache.removeFiles(path: (folder as NSString).appendingPathComponent(prefix + digits))
            }
        }
    }

    /// Makes the new directory entry durable (best effort: not every file system allows it).
    private static func syncDirectory(of path: String) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
