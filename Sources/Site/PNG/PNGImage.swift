/// 8-bit pixels ready to be written as a PNG: gray, RGB or RGBA, rows top to bottom.
public struct PNGImage: Sendable, Equatable {
    /// The channel layout of each pixel.
    public enum Format: Sendable, Equatable, CaseIterable {
        /// One byte per pixel, 0 black to 255 white.
        case gray
        /// Red, green, blue.
        case rgb
        /// Red, green, blue, alpha (not premultiplied; 0 transparent, 255 opaque).
        case rgba

        /// Bytes per pixel.
        public var channels: Int {
            switch self {
            case .gray: 1
            case .rgb: 3
            case .rgba: 4
            }
        }
    }

    /// Pixels per row.
    public let width: Int
    /// Rows.
    public let height: Int
    /// The channel layout.
    public let format: Format
    /// `width * height * format.channels` bytes, row-major, channels interleaved.
    public let pixels: [UInt8]

    /// An image from raw bytes; the count must be `width * height * format.channels`.
    public init(width: Int, height: Int, format: Format, pixels: [UInt8]) throws(PNGError) {
        guard width > 0, height > 0 else {
            throw PNGError(message: "image must be at least 1x1, got \(width)x\(height)")
        }
        let expected = width * height * format.channels
        guard pixels.count == expected else {
            throw PNGError(message:
                "\(width)x\(height) \(format) image needs \(expected) bytes, got \(pixels.count)")
        }
        self.width = width
        self.height = height
        self.format = format
        self.pixels = pixels
    }

    /// A gray image from intensities in [0, 1] (clamped; NaN becomes 0), each rounded to the
    /// nearest of 256 levels. With `inverted`, 1 is black: MNIST stores ink as 255, and a digit
    /// reads better as dark ink on white paper.
    public init(gray values: [Double], width: Int, height: Int, inverted: Bool = false) throws(PNGError) {
        let bytes = values.map { value -> UInt8 in
            let clamped = value.isNaN ? 0 : min(max(value, 0), 1)
            let level = UInt8((clamped * 255).rounded())
            return inverted ? 255 - level : level
        }
        try self.init(width: width, height: height, format: .gray, pixels: bytes)
    }

    /// Each pixel repeated `factor` times across and down (nearest neighbour), so a 28x28 digit
    /// stays crisp at 280x280 instead of being blurred by the browser's smoothing.
    public func upscaled(by factor: Int) -> PNGImage {
        precondition(factor >= 1, "upscaled(by:): factor must be at least 1, got \(factor)")
        if factor == 1 { return self }
        let channels = format.channels
        let rowBytes = width * channels
        var out: [UInt8] = []
        out.reserveCapacity(pixels.count * factor * factor)
        for row in 0..<height {
            let source = pixels[row * rowBytes..<(row + 1) * rowBytes]
            var wideRow: [UInt8] = []
            wideRow.reserveCapacity(rowBytes * factor)
            for column in 0..<width {
                let pixel = source[source.startIndex + column * channels..<source.startIndex + (column + 1) * channels]
                for _ in 0..<factor { wideRow.append(contentsOf: pixel) }
            }
            for _ in 0..<factor { out.append(contentsOf: wideRow) }
        }
        // The count is right by construction.
        return try! PNGImage(width: width * factor, height: height * factor, format: format, pixels: out)
    }
}
