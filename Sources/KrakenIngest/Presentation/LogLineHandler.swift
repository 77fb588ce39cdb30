import Foundation
import Logging

/// The CLI's log lines on standard error: `2026-12-04T19:32:19Z imported: …`, or `… warning: …` and
/// `… error: …`,
/// with any metadata at the end as `key=value`. The time says when (a piped run is read later); the program's name
/// and the logger's label are left out, since every line comes from this one program. Which levels print follows
/// `ConsoleSettings`: warning and up when quiet, info and up normally, debug and up when verbose.
///
/// ```swift
/// LoggingSystem.bootstrap { _ in LogLineHandler() }
/// ```
public struct LogLineHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    /// Ignored: the level comes from `ConsoleSettings` so one flag governs every logger.
    public var logLevel: Logger.Level {
        get { Self.level(for: settings.current.verbosity) }
        set {}
    }

    private let settings: ConsoleSettings
    private let write: @Sendable (String) -> Void
    private let now: @Sendable () -> Int64

    public init(
        settings: ConsoleSettings = .shared,
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) },
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.settings = settings
        self.write = write
        self.now = now
    }

    /// The lowest level printed at `verbosity`.
    public static func level(for verbosity: ConsoleSettings.Verbosity) -> Logger.Level {
        switch verbosity {
        case .quiet: return .warning
        case .normal: return .info
        case .verbose: return .debug
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        guard event.level >= logLevel else { return }
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let label: String
        switch event.level {
        case .trace, .debug: label = "debug: "
        case .info, .notice: label = ""
        case .warning: label = "warning: "
        case .error, .critical: label = "error: "
        }
        let tail = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            .joined(separator: " ")
        write("\(UTCTime.iso(now())) \(label)\(event.message)\(tail)\n")
    }
}
