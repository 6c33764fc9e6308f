import Foundation

/// A grid of small images (digits, first-layer weights) with their captions.
public struct ImageGrid: Codable, Sendable, Equatable {
    public var name: String
    public var title: String
    public var columns: Int
    public var images: [ImageRecord]
    public init(name: String, title: String, columns: Int, images: [ImageRecord]) {
        self.name = name
        self.title = title
        self.columns = columns
        self.images = images
    }
}

/// One 8-bit image. Pixels are row-major, `channels` bytes each, base64-encoded.
public struct ImageRecord: Codable, Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// 1 for grey, 3 for RGB.
    public var channels: Int
    public var pixelsBase64: String
    /// The true label, if any (`7`).
    public var label: String?
    /// What the network predicted, if any (`7`, or `1 (0.62) 7 (0.30) 9 (0.04)`).
    public var prediction: String?
    /// Alt text for the page.
    public var caption: String

    public init(width: Int, height: Int, channels: Int, pixels: [UInt8], label: String? = nil,
                prediction: String? = nil, caption: String) {
        precondition(pixels.count == width * height * channels, "image pixel count mismatch")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixelsBase64 = Data(pixels).base64EncodedString()
        self.label = label
        self.prediction = prediction
        self.caption = caption
    }

    /// The decoded pixels.
    public var pixels: [UInt8] { Data(base64Encoded: pixelsBase64).map { Array($0) } ?? [] }
}
