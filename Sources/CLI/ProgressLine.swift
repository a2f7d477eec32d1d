import AegisAudit
import Foundation

/// Progress on standard error when it is a terminal: notes as lines, the Loki pull as one line
/// rewritten in place (chunks, lines, lines/s, time left). Silent otherwise.
final class ProgressLine {
    private let enabled: Bool
    private var showing = false

    init(enabled: Bool) { self.enabled = enabled }

    func note(_ text: String) {
        guard enabled else { return }
        clear()
        FileHandle.standardError.write(Data("  \(text)\n".utf8))
    }

    func update(_ progress: LokiProgress) {
        guard enabled else { return }
        let rate = progress.elapsedSeconds > 0 ? Double(progress.lines) / progress.elapsedSeconds : 0
        let left =
            progress.chunksDone > 0
            ? progress.elapsedSeconds / Double(progress.chunksDone) * Double(progress.chunksTotal - progress.chunksDone)
            : 0
        let text =
            "  loki: chunk \(progress.chunksDone)/\(progress.chunksTotal), \(progress.lines) lines, "
            + "\(Int(rate)) lines/s, about \(Self.duration(left)) left"
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        showing = true
    }

    func finish() { clear() }

    private func clear() {
        guard showing else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        showing = false
    }

    private static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 60 ? "\(total / 60)m\(total % 60)s" : "\(total)s"
    }
}
