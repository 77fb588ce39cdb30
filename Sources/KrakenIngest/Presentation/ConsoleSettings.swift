import Foundation

/// How the process talks to a person: how much it says, and whether it may use colour and a live progress line.
/// Set once by the CLI from `--quiet`, `--verbose` and `--no-color`; colour also honours `NO_COLOR` (any non-empty
/// value) and `TERM=dumb`, which turns off every escape sequence, the live progress line included.
///
/// ```swift
/// ConsoleSettings.shared.update { $0.verbosity = .quiet }
/// ConsoleSettings.shared.colour(for: STDOUT_FILENO)       // false when piped, NO_COLOR or TERM=dumb
/// ConsoleSettings.shared.liveLine(for: STDERR_FILENO)     // false when quiet, piped or TERM=dumb
/// ```
public final class ConsoleSettings: @unchecked Sendable {
    /// How much is said.
    public enum Verbosity: Int, Sendable, Comparable {
        /// Warnings, errors and results only: no progress, no per-file lines.
        case quiet
        /// Progress and one line per finished unit.
        case normal
        /// Also the debug lines (every HTTP attempt, for instance).
        case verbose

        public static func < (a: Verbosity, b: Verbosity) -> Bool { a.rawValue < b.rawValue }
    }

    /// What the settings hold.
    public struct Values: Sendable, Equatable {
        public var verbosity: Verbosity = .normal
        /// False after `--no-color`.
        public var colourAllowed = true
        /// The environment colour and width decisions read (the process's own by default).
        public var environment: [String: String] = ProcessInfo.processInfo.environment
    }

    /// The process's settings.
    public static let shared = ConsoleSettings()

    private let lock = NSLock()
    private var values = Values()

    public init() {}

    /// The settings now.
    public var current: Values { lock.withLock { values } }

    /// Changes the settings.
    public func update(_ change: (inout Values) -> Void) { lock.withLock { change(&values) } }

    /// True when output to `fd` may carry colour: a terminal, no `--no-color`, `NO_COLOR` unset or empty, and
    /// `TERM` not `dumb`.
    public func colour(for fd: Int32) -> Bool {
        let v = current
        return v.colourAllowed && Self.escapesAllowed(v.environment) && isatty(fd) == 1
    }

    /// True when a live, rewritten progress line may be drawn on `fd`: a terminal that understands escapes, and
    /// not quiet. (`NO_COLOR` removes colour only; the line itself has none.)
    public func liveLine(for fd: Int32) -> Bool {
        let v = current
        return v.verbosity > .quiet && v.environment["TERM"] != "dumb" && isatty(fd) == 1
    }

    /// The width of the terminal on `fd`, else `COLUMNS`, else 80.
    public func columns(for fd: Int32) -> Int {
        var size = winsize()
        if ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let text = current.environment["COLUMNS"], let value = Int(text), value > 0 { return value }
        return 80
    }

    static func escapesAllowed(_ environment: [String: String]) -> Bool {
        if let value = environment["NO_COLOR"], !value.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }
}
