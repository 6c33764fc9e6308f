import Foundation
import Lessons
import Synchronization

/// Shows training progress on standard error: one line rewritten in place on a terminal,
/// one plain line per epoch otherwise (CI logs, pipes).
final class ProgressLine: Sendable {
    private let interactive = isatty(2) == 1
    /// When each lesson's phase started (two lessons can train at once), and the last redraw.
    private let state = Mutex<(starts: [String: ContinuousClock.Instant], lastDraw: ContinuousClock.Instant?)>(([:], nil))

    var reporter: ProgressReporter {
        ProgressReporter { [self] event in self.show(event) }
    }

    private func show(_ event: ProgressEvent) {
        let now = ContinuousClock.now
        // written under the lock, so that a line never lands inside another (see `message`)
        state.withLock { s in
            let key = event.lesson + "/" + event.phase
            if s.starts[key] == nil { s.starts[key] = now; s.lastDraw = nil }
            let elapsed = seconds(now - s.starts[key]!)
            let done = Double(event.epoch) / Double(max(event.epochs, 1))
            let eta = done > 0 ? elapsed / done - elapsed : 0
            let text = String(format: "%@ %@ epoch %d/%d loss %.6g elapsed %.1fs eta %.1fs",
                              event.lesson, event.phase, event.epoch, event.epochs, event.loss, elapsed, eta)
            if interactive {
                // Redraw at most ten times a second, and always on the last epoch.
                if let last = s.lastDraw, seconds(now - last) < 0.1, event.epoch < event.epochs { return }
                let finished = event.epoch == event.epochs
                s.lastDraw = finished ? nil : now
                FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text + (finished ? "\n" : "")).utf8))
                return
            }
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    /// Writes one line of its own (`built ...`, `error: ...`): on a terminal, first ends the
    /// progress line being redrawn, under the same lock, so that two lessons running at once never
    /// write into each other's line.
    func message(_ text: String) {
        state.withLock { s in
            let clear = interactive && s.lastDraw != nil ? "\r\u{1B}[2K" : ""
            s.lastDraw = nil
            FileHandle.standardError.write(Data((clear + text + "\n").utf8))
        }
    }

    private func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// A duration as the `built ...` and `wrote ...` lines show it: `1.25s`.
    static func format(_ d: Duration) -> String {
        String(format: "%.2fs", Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
