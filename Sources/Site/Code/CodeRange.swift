/// Where a code reference is in its file: the lines to show and the indent to remove from them.
public struct CodeRange: Equatable, Sendable {
    /// The 1-based lines, first to last, inclusive.
    public let lines: ClosedRange<Int>
    /// Leading whitespace to remove from each line when showing it: the common indent of a
    /// `code:NAME` region, empty for a declaration (which keeps its indentation, so a method
    /// reads as the member it is).
    public let indent: String

    /// The lines `lines`, shown with `indent` removed.
    public init(lines: ClosedRange<Int>, indent: String = "") {
        self.lines = lines
        self.indent = indent
    }

    /// How many lines the range covers.
    public var count: Int { lines.count }
}
