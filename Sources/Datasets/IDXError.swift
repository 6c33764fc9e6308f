/// Why an (inflated) IDX file was refused. The description is `file: reason`.
public struct IDXError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Equatable, Sendable {
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
    }

    /// The file's name as the caller gave it.
    public let file: String
    /// What went wrong.
    public let reason: Reason

    /// An error in `file` for `reason`.
    public init(file: String, reason: Reason) {
        self.file = file
        self.reason = reason
    }

    public var description: String {
        let text: String
        switch reason {
        case .tooShort(let count, let header):
            text = "file is \(count) bytes, too short for an IDX header of \(header) bytes"
        case .wrongMagic(let found, let expected, let kind):
            text = "wrong magic \(hex32(found)), expected \(hex32(expected)) (\(kind.rawValue))"
        case .badDimensions(let dims):
            text = "bad dimensions \(dims.map(String.init).joined(separator: "x"))"
        case .wrongByteCount(let expected, let found, let kind):
            text = "expected \(expected) bytes of \(kind.payloadName), found \(found)"
        case .wrongImageSize(let rows, let columns):
            text = "images are \(rows)x\(columns), expected 28x28"
        case .countMismatch(let images, let labels):
            text = "\(images) images but \(labels) labels"
        case .badLabel(let index, let value):
            text = "label \(value) at index \(index) is not a digit 0-9"
        }
        return "\(file): \(text)"
    }
}

/// `0x00000803`: eight hex digits, as the IDX format documents its magic numbers.
private func hex32(_ value: UInt32) -> String {
    let digits = hexString([24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> UInt32($0)) })
    return "0x" + digits
}
