import CLibPNG

/// PNG encoding and decoding through libpng's simplified API (`png_image`).
///
/// Only the simplified API is used: libpng's classic API reports errors with `longjmp`, which
/// Swift cannot catch, whereas the simplified API catches them itself and returns 0 with the
/// reason in `png_image.message`. The output is deterministic: libpng writes no time stamp or
/// other varying chunk, so the same pixels always give the same bytes (pages diff cleanly).
public enum PNG {
    /// The PNG file bytes of `image`, 8 bits per channel.
    public static func encode(_ image: PNGImage) throws(PNGError) -> [UInt8] {
        var header = makeHeader(width: image.width, height: image.height, format: image.format)
        let rowStride = Int32(image.width * image.format.channels)
        // `withUnsafeBytes` rethrows untyped errors, so the closure returns a Result instead.
        let result = image.pixels.withUnsafeBytes { pixels -> Result<[UInt8], PNGError> in
            // First call with no memory: libpng reports the size it needs.
            var size = 0
            guard png_image_write_to_memory(&header, nil, &size, 0, pixels.baseAddress, rowStride, nil) != 0 else {
                return .failure(failure(header, doing: "encode"))
            }
            var bytes = [UInt8](repeating: 0, count: size)
            let written = bytes.withUnsafeMutableBytes { out in
                png_image_write_to_memory(&header, out.baseAddress, &size, 0, pixels.baseAddress, rowStride, nil)
            }
            guard written != 0 else { return .failure(failure(header, doing: "encode")) }
            bytes.removeSubrange(size...)
            return .success(bytes)
        }
        return try result.get()
    }

    /// The pixels of PNG file bytes, converted to `format` (by default the file's own layout:
    /// gray, RGB or RGBA, with gray+alpha read as RGBA). 16-bit files are reduced to 8 bits.
    public static func decode(_ data: [UInt8], as format: PNGImage.Format? = nil) throws(PNGError) -> PNGImage {
        var header = png_image()
        header.version = UInt32(PNG_IMAGE_VERSION)
        let begun = data.withUnsafeBytes { bytes in
            png_image_begin_read_from_memory(&header, bytes.baseAddress, bytes.count)
        }
        guard begun != 0 else {
            defer { png_image_free(&header) }
            throw failure(header, doing: "decode")
        }
        let target = format ?? layout(of: header.format)
        header.format = formatCode(target)
        let width = Int(header.width), height = Int(header.height)
        var pixels = [UInt8](repeating: 0, count: width * height * target.channels)
        // finish_read frees libpng's state whether it succeeds or not.
        let finished = pixels.withUnsafeMutableBytes { out in
            png_image_finish_read(&header, nil, out.baseAddress, 0, nil)
        }
        guard finished != 0 else { throw failure(header, doing: "decode") }
        return try PNGImage(width: width, height: height, format: target, pixels: pixels)
    }

    private static func makeHeader(width: Int, height: Int, format: PNGImage.Format) -> png_image {
        var header = png_image()
        header.version = UInt32(PNG_IMAGE_VERSION)
        header.width = UInt32(width)
        header.height = UInt32(height)
        header.format = formatCode(format)
        return header
    }

    private static func formatCode(_ format: PNGImage.Format) -> UInt32 {
        switch format {
        case .gray: UInt32(PNG_FORMAT_GRAY)
        case .rgb: UInt32(PNG_FORMAT_FLAG_COLOR)
        case .rgba: UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
        }
    }

    /// The layout closest to a file's own: color or not, alpha or not.
    private static func layout(of code: UInt32) -> PNGImage.Format {
        if code & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0 { return .rgba }
        return code & UInt32(PNG_FORMAT_FLAG_COLOR) != 0 ? .rgb : .gray
    }

    /// libpng's message from a failed call (it is a fixed C array of 64 chars, NUL-terminated).
    private static func failure(_ header: png_image, doing action: String) -> PNGError {
        var messageField = header.message
        let message = withUnsafeBytes(of: &messageField) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return PNGError(message: message.isEmpty ? "\(action) failed without a message" : message)
    }
}
