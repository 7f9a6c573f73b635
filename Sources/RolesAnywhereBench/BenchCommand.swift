import ArgumentParser

/// `roles-anywhere-bench`: measurement loops for `scripts/bench.sh`. Each subcommand prints
/// one JSON line with its result; the script runs them on one machine in one run.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles-anywhere-bench",
        abstract: "Measurement loops for scripts/bench.sh.",
        subcommands: [SignBenchCommand.self, EmulatorLoadBenchCommand.self, TokenSignBenchCommand.self])
}
