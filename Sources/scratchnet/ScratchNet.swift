import ArgumentParser

@main
struct ScratchNet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scratchnet",
        abstract: "Neural networks from scratch, run step by step and published as a lesson site.",
        subcommands: [Build.self, Verify.self, List.self, Bench.self])
}
