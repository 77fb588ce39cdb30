import ArgumentParser
import KrakenIngest

/// `--quiet`, `--verbose` and `--no-color`, shared by every command through `StoreOptions`. Parsing them sets the
/// process's `ConsoleSettings`, which the log handler, the progress line and the coloured tables read.
struct OutputOptions: ParsableArguments {
    @Flag(name: [.short, .long], help: "Print only warnings, errors and results (no progress, no per-file lines).")
    var quiet = false

    @Flag(name: .long, help: "Also print debug lines (every HTTP attempt, for instance).")
    var verbose = false

    @Flag(name: .customLong("no-color"), help: "No colour (also when NO_COLOR is set or TERM=dumb).")
    var noColor = false

    func validate() throws {
        if quiet, verbose { throw ValidationError("give --quiet or --verbose, not both") }
        let verbosity: ConsoleSettings.Verbosity = quiet ? .quiet : verbose ? .verbose : .normal
        let colour = !noColor
        ConsoleSettings.shared.update {
            $0.verbosity = verbosity
            $0.colourAllowed = colour
        }
    }
}
