/// Where progress goes: nowhere (tests), or a closure the CLI provides.
public struct ProgressReporter: Sendable {
    let report: @Sendable (ProgressEvent) -> Void

    public init(_ report: @escaping @Sendable (ProgressEvent) -> Void) {
        self.report = report
    }

    public static let silent = ProgressReporter { _ in }

    public func callAsFunction(_ event: ProgressEvent) { report(event) }
}
