import Tensor

/// The Boston housing columns of tutorial 003: CRIM, TAX, PTRATIO and MEDV for 506 suburbs.
public struct Boston: Sendable, Equatable {
    /// The file as read, shape (506x4).
    public let table: CSVTable
    /// The maximum of each feature column (CRIM, TAX, PTRATIO), the divisors used for `features`.
    public let featureMaxima: [Double]
    /// CRIM, TAX, PTRATIO each divided by its column maximum, so each lies in (0, 1]; (506x3).
    public let features: Tensor
    /// MEDV, median home value in $1000s, unscaled, as a column: (506x1).
    public let target: Tensor

    /// Scales a table whose last column is the target and whose others are features.
    public init(table: CSVTable) {
        self.table = table
        let width = table.columns.count
        let rows = table.rowCount
        let values = table.values.scalars
        let maxima = (0..<width - 1).map { column in
            (0..<rows).map { values[$0 * width + column] }.max() ?? 1
        }
        var features: [Double] = []
        features.reserveCapacity(rows * (width - 1))
        for row in 0..<rows {
            for column in 0..<width - 1 { features.append(values[row * width + column] / maxima[column]) }
        }
        self.featureMaxima = maxima
        self.features = try! Tensor(shape: [rows, width - 1], scalars: features)
        self.target = try! Tensor(shape: [rows, 1], scalars: (0..<rows).map { values[$0 * width + width - 1] })
    }
}

extension DataDirectory {
    /// `boston-crim-tax-ptratio.csv`, checksum-checked, scaled as tutorial 003 does.
    public func boston() throws(DatasetError) -> Boston {
        Boston(table: try csv(.boston))
    }
}
