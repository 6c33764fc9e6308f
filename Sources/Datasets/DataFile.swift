/// The files under `assets/data`, each with the SHA-256 it must have.
///
/// The sums are those published in the data sets' README; a load that finds different bytes
/// stops with `DatasetError.checksumMismatch` rather than teach from a damaged file.
public enum DataFile: String, CaseIterable, Sendable {
    case exams = "exams.csv"
    case boston = "boston-crim-tax-ptratio.csv"
    case testImages = "mnist/t10k-images-idx3-ubyte.gz"
    case testLabels = "mnist/t10k-labels-idx1-ubyte.gz"
    case trainImages = "mnist/train-images-idx3-ubyte.gz"
    case trainLabels = "mnist/train-labels-idx1-ubyte.gz"

    /// The path relative to the data directory; also the name used in error messages.
    public var path: String { rawValue }

    /// The expected SHA-256, lowercase hexadecimal.
    public var sha256: String {
        switch self {
        case .exams: "76a6d3977c283b3a434a5b1ebd44fd527aac818d9713087229281230d569f291"
        case .boston: "f165477226ece66ec99da25c9e87ea03fea9644b554adc91ad479c835ff13772"
        case .testImages: "1a1a05eab793c14bb050b398624a11b0ffd1a2953baed553b1b9bd079e2a20be"
        case .testLabels: "b91679a0acfe4ba0e50a2437a903084cba1f5f92592b016a25a7dfd00455798b"
        case .trainImages: "0b367032e93c5d0cea0925647cfdb18614af8ee15f83e6f2fc2ad904a6835971"
        case .trainLabels: "1787548bbe0bff1ec2ecdc0ef292b02df999e2d1a6002d27500982c652b17203"
        }
    }

    /// Throws `checksumMismatch` unless `bytes` hash to `sha256`.
    public func verify(_ bytes: [UInt8]) throws(DatasetError) {
        let actual = SHA256.hex(of: bytes)
        guard actual == sha256 else {
            throw .checksumMismatch(file: path, expected: sha256, actual: actual)
        }
    }
}
