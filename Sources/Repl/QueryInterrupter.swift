import AegisAudit
import Dispatch
import Foundation
import Synchronization

/// Ctrl-C while a query runs: SIGINT's default action is ignored (and the signal blocked on
/// the session's thread) for the whole session, a dispatch signal source receives it, and while a query runs it calls
/// ``SQLiteDatabase/interrupt()`` so that the query stops with "interrupted" and the session
/// goes back to the prompt. A Ctrl-C at any other moment does nothing (the line editor sees
/// Ctrl-C as a key instead).
///
/// `@unchecked Sendable`: the signal handler's queue only touches `state` (behind a mutex) and
/// calls `interrupt()`, which SQLite documents as safe from any thread while the connection
/// is open; the session keeps the connection open for the interrupter's lifetime.
final class QueryInterrupter: @unchecked Sendable {
    private struct State {
        var running = false
        var interrupted = false
    }

    private let database: SQLiteDatabase
    private let state = Mutex(State())
    private let source: DispatchSourceSignal

    init(database: SQLiteDatabase) {
        self.database = database
        signal(SIGINT, SIG_IGN)
        // Linux: libdispatch reads the signal from a signalfd, which sees it only while no
        // thread takes it first. Its own threads block SIGINT; block it on this (the session's)
        // thread too, so that it always waits for the signalfd. Otherwise libdispatch forwards
        // it to the thread that registered the source, which may have exited: Ctrl-C lost.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_BLOCK, &interrupt, nil)
        source = DispatchSource.makeSignalSource(
            signal: SIGINT, queue: DispatchQueue(label: "aegis-audit.repl.sigint"))
        source.setEventHandler { [weak self] in self?.signalled() }
        source.resume()
    }

    deinit { source.cancel() }

    private func signalled() {
        state.withLock { state in
            guard state.running else { return }
            state.interrupted = true
            database.interrupt()
        }
    }

    /// Runs `body` (a query) so that Ctrl-C interrupts it; `interrupted` tells whether it did.
    func run<T>(_ body: () throws -> T) rethrows -> T {
        state.withLock { $0 = State(running: true, interrupted: false) }
        defer { state.withLock { $0.running = false } }
        return try body()
    }

    /// Whether Ctrl-C interrupted the last ``run(_:)``.
    var interrupted: Bool { state.withLock { $0.interrupted } }
}
