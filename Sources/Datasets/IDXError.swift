/// Why an (inflated) IDX file was refused: `file: reason`.
public typealias IDXError = FileError<IDXProblem>

/// Why an (inflated) IDX file was refused (`IDXError`, a `FileError`).
public enum IDXProblem: FileProblem {
    /// Fewer bytes than the header needs.
    case tooShort(byteCount: Int, headerBytes: Int)
    /// The big-endian magic number is not the expected one.
    case wrongMagic(found: UInt32, expected: UInt32, kind: IDXKind)
    /// A dimension is zero or the product of dimensions overflows.
    case badDimensions([Int])
    /// The payload after the header is not exactly the product of the dimensions.
    case wrongByteCount(expected: Int, found: Int, kind: IDXKind)
    /// Images are not the 28x28 that MNIST promises.
    case wrongImageSize(rows: Int, columns: Int)
    /// Images and labels files disagree on the number of items.
    case countMismatch(images: Int, labels: Int)
    /// A label outside 0-9; carries its position and value.
    case badLabel(index: Int, value: UInt8)

    public var explanation: String {
        switch self {
        case .tooShort(let count, let header):
            return "file is \(count) bytes, too short for an IDX header of \(header) bytes"
        case .wrongMagic(let found, let expected, let kind):
            return "wrong magic \(hex32(found)), expected \(hex32(expected)) (\(kind.rawValue))"
        case .badDimensions(let dims):
            return "bad dimensions \(dims.map(String.init).joined(separator: "x"))"
        case .wrongByteCount(let expected, let found, let kind):
            return "expected \(expected) bytes of \(kind.payloadName), found \(found)"
        case .wrongImageSize(let rows, let columns):
            return "images are \(rows)x\(columns), expected 28x28"
        case .countMismatch(let images, let labels):
            return "\(images) images but \(labels) labels"
        case .badLabel(let index, let value):
            return "label \(value) at index \(index) is not a digit 0-9"
        }
    }
}


/// `0x00000803`: eight hex digits, as the IDX format documents its magic numbers.
private func hex32(_ value: UInt32) -> String {
    let digits = hexString([24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> UInt32($0)) })
    return "0x" + digits
}
