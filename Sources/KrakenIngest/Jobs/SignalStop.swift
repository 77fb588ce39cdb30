import Dispatch
import Foundation

/// Routes SIGINT and SIGTERM to a job: the first asks it to stop after the current unit (the job pauses and can
/// be resumed); a second exits at once with status 130. Stopping at once is safe: every unit commits in one
/// transaction, so what was not committed is rolled back when the store is next opened, and the job shows as
/// stale and resumable.
///
/// ```swift
/// let stop = StopRequest()
/// let signals = SignalStop.install(stop) { FileHandle.standardError.write(Data("stopping…\n".utf8)) }
/// defer { signals.restore() }
/// ```
public final class SignalStop: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var received = 0

    /// Starts routing signals to `stop`; `onFirstSignal` is called once, with the signal number.
    public static func install(_ stop: StopRequest, onFirstSignal: @escaping @Sendable (Int32) -> Void) -> SignalStop {
        let handler = SignalStop()
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [handler] in
                let count = handler.lock.withLock { () -> Int in
                    handler.received += 1
                    return handler.received
                }
                if count == 1 {
                    stop.requestStop()
                    onFirstSignal(signalNumber)
                } else {
                    FileHandle.standardError.write(Data("\nstopped at once; the unit in flight was rolled back\n".utf8))
                    _exit(130)
                }
            }
            source.resume()
            handler.sources.append(source)
        }
        return handler
    }

    /// Stops routing signals and restores their default actions.
    public func restore() {
        sources.forEach { $0.cancel() }
        sources = []
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
