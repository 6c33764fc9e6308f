import Foundation

/// The two kinds of IDX file MNIST ships, by magic number.
public enum IDXKind: String, Sendable, Equatable {
    /// `0x00000803`: unsigned bytes, three dimensions (count x rows x columns).
    case images
    /// `0x00000801`: unsigned bytes, one dimension (count).
    case labels

    /// The big-endian magic: two zero bytes, type 0x08 (unsigned byte), number of dimensions.
    public var magic: UInt32 { self == .images ? 0x0000_0803 : 0x0000_0801 }
    /// The number of dimensions after the magic.
    public var dimensionCount: Int { self == .images ? 3 : 1 }
    /// What the payload bytes are called in messages.
    var payloadName: String { self == .images ? "pixels" : "labels" }
}

/// An IDX file of unsigned bytes: its dimensions and its payload, row-major.
public struct IDXFile: Sendable, Equatable {
    /// The dimensions from the header, outermost first.
    public let dimensions: [Int]
    /// The payload after the header; its count is the product of `dimensions`.
    public let bytes: [UInt8]

    /// Checks and splits inflated IDX bytes. `file` is the name used in error messages.
    ///
    /// Refuses a header that is cut short, a magic number other than `kind`'s, a zero dimension,
    /// and a payload that is not exactly the product of the dimensions (too short or too long).
    public static func parse(_ data: [UInt8], kind: IDXKind, file: String) throws(IDXError) -> IDXFile {
        let headerBytes = 4 + 4 * kind.dimensionCount
        guard data.count >= 4 else {
            throw IDXError(file: file, reason: .tooShort(byteCount: data.count, headerBytes: headerBytes))
        }
        let magic = bigEndianUInt32(data, at: 0)
        guard magic == kind.magic else {
            throw IDXError(file: file, reason: .wrongMagic(found: magic, expected: kind.magic, kind: kind))
        }
        guard data.count >= headerBytes else {
            throw IDXError(file: file, reason: .tooShort(byteCount: data.count, headerBytes: headerBytes))
        }
        let dimensions = (0..<kind.dimensionCount).map { Int(bigEndianUInt32(data, at: 4 + 4 * $0)) }
        var expected = 1
        for dimension in dimensions {
            let (product, overflow) = expected.multipliedReportingOverflow(by: dimension)
            guard dimension > 0, !overflow else {
                throw IDXError(file: file, reason: .badDimensions(dimensions))
            }
            expected = product
        }
        let found = data.count - headerBytes
        guard found == expected else {
            throw IDXError(file: file, reason: .wrongByteCount(expected: expected, found: found, kind: kind))
        }
        return IDXFile(dimensions: dimensions, bytes: Array(data[headerBytes...]))
    }

    /// Reads a gzip-compressed IDX file (no checksum: see `DataDirectory` for checked loads).
    /// Errors name it `file` (default: its last path component).
    public static func read(at url: URL, kind: IDXKind, file: String? = nil) throws(DatasetError) -> IDXFile {
        let name = file ?? url.lastPathComponent
        return try decode(readBytes(at: url), kind: kind, file: name)
    }

    /// Inflates and parses gzip-compressed IDX bytes.
    public static func decode(_ compressed: [UInt8], kind: IDXKind, file: String) throws(DatasetError) -> IDXFile {
        let inflated: [UInt8]
        do { inflated = try Gzip.inflate(compressed, file: file) } catch { throw .gzip(error) }
        do { return try parse(inflated, kind: kind, file: file) } catch { throw .idx(error) }
    }

    private static func bigEndianUInt32(_ data: [UInt8], at offset: Int) -> UInt32 {
        data[offset..<offset + 4].reduce(0) { ($0 << 8) | UInt32($1) }
    }
}
