import Foundation
import Testing

@testable import KrakenIngest

/// How the built binary behaves on a terminal, in a pipe and when asked to be quiet: colours only where wanted
/// (a pseudo-terminal from `script` stands in for a person's terminal), log lines without the doubled program
/// name, `--quiet`, `--version`, and an example in every command's help. Each body runs on a thread of its own:
/// waiting for the binary must not hold a thread of the pool the in-process HTTP imitations of other suites need.
@Suite(.serialized) struct TerminalMannersTests {
    private func storeWithCandles(_ dir: TempDir) throws -> String {
        let csv = try dir.write("in/XBTUSD_60.csv", candleCSV(pair: "XBTUSD", start: 1_704_067_200, count: 48))
        let db = dir.file("k.sqlite")
        let imported = try Binary.run(["import", csv, "--db", db])
        try #require(imported.status == 0, "\(imported.stderr)")
        return db
    }

    /// Runs the binary under a pseudo-terminal (`script`), so standard output and error are a terminal.
    private func onTerminal(_ arguments: [String], environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        let command = ([Binary.krakenIngest] + arguments).map { "'\($0)'" }.joined(separator: " ")
        process.arguments = ["-qec", command, "/dev/null"]
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func coloursOnlyOnATerminalThatWantsThem() async throws {
        try await onOwnThread { try self.coloursOnlyOnATerminalThatWantsThemBody() }
    }

    func coloursOnlyOnATerminalThatWantsThemBody() throws {
        let dir = try TempDir()
        let db = try storeWithCandles(dir)
        let report = ["report", "--db", db, "--no-files"]
        #expect(try onTerminal(report, environment: ["TERM": "xterm"]).contains("\u{1B}["))
        #expect(!(try onTerminal(report, environment: ["TERM": "dumb"]).contains("\u{1B}")))
        #expect(!(try onTerminal(report, environment: ["TERM": "xterm", "NO_COLOR": "1"]).contains("\u{1B}")))
        #expect(!(try onTerminal(report + ["--no-color"], environment: ["TERM": "xterm"]).contains("\u{1B}")))
        // TERM=dumb also means no live progress line: its carriage returns and erase sequences are escapes too.
        let csv = try dir.write("more/ETHUSD_60.csv", candleCSV(pair: "ETHUSD", start: 1_704_067_200, count: 48))
        let imported = try onTerminal(["import", csv, "--db", db], environment: ["TERM": "dumb"])
        #expect(imported.contains("imported: ") && !imported.contains("\u{1B}"))
        // Piped, nothing is coloured whatever TERM says.
        let piped = try Binary.run(report, environment: ["TERM": "xterm"])
        #expect(piped.status == 0 && !piped.stdout.contains("\u{1B}"))
    }

    @Test func logLinesCarryTheTimeButNotTheProgramNameTwice() async throws {
        try await onOwnThread { try self.logLinesCarryTheTimeButNotTheProgramNameTwiceBody() }
    }

    func logLinesCarryTheTimeButNotTheProgramNameTwiceBody() throws {
        let dir = try TempDir()
        let csv = try dir.write("XBTUSD_60.csv", candleCSV(pair: "XBTUSD", start: 1_704_067_200, count: 10))
        let result = try Binary.run(["import", csv, "--db", dir.file("k.sqlite")])
        #expect(result.status == 0)
        let lines = result.stderr.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(!line.contains("kraken-ingest:") && !line.contains("[KrakenIngest]"), "\(line)")
            #expect(line.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ "#, options: .regularExpression) != nil)
        }
        #expect(lines.contains { $0.hasSuffix("imported: \(csv) (XBTUSD 60m, 10 rows)") })
    }

    @Test func quietKeepsResultsAndWarningsOnly() async throws {
        try await onOwnThread { try self.quietKeepsResultsAndWarningsOnlyBody() }
    }

    func quietKeepsResultsAndWarningsOnlyBody() throws {
        let dir = try TempDir()
        let csv = try dir.write("XBTUSD_60.csv", candleCSV(pair: "XBTUSD", start: 1_704_067_200, count: 10))
        let quiet = try Binary.run(["import", csv, "--db", dir.file("k.sqlite"), "--quiet"])
        #expect(quiet.status == 0)
        // Only the one line a new store always gets (a mistyped --db must not go unnoticed).
        #expect(
            quiet.stderr.split(separator: "\n").allSatisfy { $0.contains(" created a new database at ") },
            "\(quiet.stderr)")
        #expect(quiet.stdout.contains("COMPLETED"))
        let both = try Binary.run(["coverage", "--db", dir.file("k.sqlite"), "--quiet", "--verbose"])
        #expect(both.status == 64 && both.stderr.contains("not both"))
    }

    @Test func versionAndAnExampleInEveryHelp() async throws {
        try await onOwnThread { try self.versionAndAnExampleInEveryHelpBody() }
    }

    func versionAndAnExampleInEveryHelpBody() throws {
        let version = try Binary.run(["--version"])
        #expect(version.status == 0 && version.stdout == KrakenIngestVersion.current + "\n")
        let commands = [
            ["import"], ["coverage"], ["gaps"], ["report"], ["jobs"], ["tiers"], ["backfill"], ["run"], ["poll"],
            ["futures", "sync"], ["futures", "state"], ["futures", "reset"],
        ]
        for command in commands {
            let help = try Binary.run(["help"] + command)
            #expect(help.status == 0)
            // Help text wraps at the terminal's width: compare with the line breaks folded away.
            let folded = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(folded.contains("Example: kraken-ingest \(command.joined(separator: " "))"), "\(command)")
            #expect(help.stdout.contains("--quiet") && help.stdout.contains("--no-color"), "\(command)")
        }
        let root = try Binary.run(["--help"])
        #expect(root.stdout.contains("--generate-completion-script"))
    }
}
