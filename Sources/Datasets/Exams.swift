import Tensor

/// The exam-score data of tutorial 000: three test scores and a final score for 25 students.
public struct Exams: Sendable, Equatable {
    /// The file as read: columns EXAM1, EXAM2, EXAM3, FINAL, shape (25x4).
    public let table: CSVTable
    /// The three test scores / 100 (they are out of 100), shape (25x3).
    public let inputs: Tensor
    /// The final score / 200 (it is out of 200), shape (25): a vector, as the tutorial's `y`.
    public let target: Tensor

    /// Builds the scaled inputs and target from a table whose last column is the final score.
    public init(table: CSVTable) {
        self.table = table
        let width = table.columns.count
        let rows = table.rowCount
        let scores = table.values.scalars
        var inputs: [Double] = []
        inputs.reserveCapacity(rows * (width - 1))
        for row in 0..<rows {
            for column in 0..<width - 1 { inputs.append(scores[row * width + column] / 100) }
        }
        self.inputs = try! Tensor(shape: [rows, width - 1], scalars: inputs)
        self.target = Tensor((0..<rows).map { scores[$0 * width + width - 1] / 200 })
    }
}

extension DataDirectory {
    /// `exams.csv`, checksum-checked, scaled as tutorial 000 does.
    public func exams() throws(DatasetError) -> Exams {
        Exams(table: try csv(.exams))
    }
}
