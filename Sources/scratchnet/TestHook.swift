import Foundation

/// Test hooks for the crash-safety tests: `SCRATCHNET_PAUSE_AT=<point>` makes a build print
/// `scratchnet: paused at <point>` on standard error and sleep there, so that a test can kill it
/// at that exact point. Points: `lessons` (after the first lesson ran), `staging` (half the files
/// staged), `staged` (all staged, before the swap), `swapped` (after the atomic exchange, before
/// the old site is removed), `between-renames` (two-rename fallback only).
enum TestHook {
    static func pause(at point: String) {
        guard ProcessInfo.processInfo.environment["SCRATCHNET_PAUSE_AT"] == point else { return }
        printError("scratchnet: paused at \(point)")
        sleep(120)
    }
}
