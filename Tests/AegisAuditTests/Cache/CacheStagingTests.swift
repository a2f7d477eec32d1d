import AegisAudit
import Foundation
import TestSupport
import Testing

/// A first sync builds the cache beside its path and puts it there only when complete.
struct CacheStagingTests {
    private func temporaryFolder() throws -> URL { try makeTemporaryDirectory("cache-staging") }

    private func names(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func aNewCacheAppearsOnlyWhenPublishedPrivateAndInWALMode() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("c.sqlite").path
        let cache = try Cache.openForSync(path: path)
        #expect(cache.wasCreated)
        try cache.run("CREATE TABLE probe (x); INSERT INTO probe VALUES (42);")
        #expect(!FileManager.default.fileExists(atPath: path), "nothing under the name before publishing")
        #expect(try names(in: folder) == [".c.sqlite.partial-\(getpid())"])

        try cache.publish()
        #expect(try names(in: folder).filter { !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") } == ["c.sqlite"])
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        let reader = try Cache.openForReading(path: path)
        #expect(try reader.database.integer("SELECT x FROM probe") == 42)
        #expect(try reader.database.text("PRAGMA journal_mode") == "wal")
    }

    @Test func publishingNeverReplacesACacheCreatedMeanwhile() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("c.sqlite").path
        let cache = try Cache.openForSync(path: path)
        try "someone else's cache\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect {
            try cache.publish()
        } throws: { error in
            (error as? CacheError)?.description.contains("another process created it during this sync") == true
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "someone else's cache\n")
        cache.discard()
        #expect(try names(in: folder) == ["c.sqlite"], "the staging file is gone")
    }

    @Test func discardingLeavesNoFile() throws {
        let folder = try temporaryFolder()
        let cache = try Cache.openForSync(path: folder.appendingPathComponent("c.sqlite").path)
        try cache.run("CREATE TABLE probe (x)")
        cache.discard()
        #expect(try names(in: folder).isEmpty)
    }

    @Test func stagingFilesOfDeadSyncsAreRemovedAndLiveOnesKept() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("c.sqlite").path
        let exited = try ProcessRunner.run("/bin/sh", ["-c", "echo $$"])
        let deadPID = try #require(Int32(exited.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)))
        try #require(kill(deadPID, 0) != 0, "the shell has exited")
        let parent = getppid()
        for name in [
            ".c.sqlite.partial-\(deadPID)", ".c.sqlite.partial-\(deadPID)-wal", ".c.sqlite.partial-\(deadPID)-shm",
            ".c.sqlite.partial-\(parent)", ".other.sqlite.partial-\(deadPID)",
        ] {
            try "x".write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        let cache = try Cache.openForSync(path: path)
        #expect(
            try names(in: folder)
                == [".c.sqlite.partial-\(getpid())", ".c.sqlite.partial-\(parent)", ".other.sqlite.partial-\(deadPID)"]
                .sorted())
        cache.discard()
    }

    @Test func anExistingCacheIsOpenedInPlace() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("c.sqlite").path
        _ = try Cache.openForWriting(path: path)
        let cache = try Cache.openForSync(path: path)
        #expect(!cache.wasCreated)
        #expect(try cache.database.text("PRAGMA journal_mode") == "wal")
        try cache.publish()  // nothing to do
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
