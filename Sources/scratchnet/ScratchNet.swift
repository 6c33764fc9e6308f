import ArgumentParser
import Foundation

@main
struct ScratchNet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scratchnet",
        abstract: "Neural networks from scratch, run step by step and published as a lesson site.",
        subcommands: [Build.self, Verify.self, List.self, Bench.self])

    /// ArgumentParser's own `main`, except that a failure prints ONE line, `error: <message>`,
    /// on standard error (no usage block, no "Error:" prefix), and exits with its status:
    /// 64 for a usage mistake (unknown option, bad value), 1 for everything else. Help and
    /// `ExitCode` (whose message was already printed) behave as before.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success { self.exit(withError: error) }
            var message = oneLine(self.message(for: error))
            if message.isEmpty { message = "failed (\(type(of: error)))" }
            if code == .validationFailure, !message.contains("--help") {
                let arguments = CommandLine.arguments.dropFirst()
                let sub = configuration.subcommands.map { $0._commandName }.first { arguments.first == $0 }
                message += " (see 'scratchnet \(sub.map { $0 + " " } ?? "")--help')"
            }
            printError("error: " + message)
            Foundation.exit(code.rawValue)
        }
    }
}

/// `text` on one line: line breaks become "; ", runs of spaces one space.
func oneLine(_ text: String) -> String {
    let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    return lines.joined(separator: "; ")
}
