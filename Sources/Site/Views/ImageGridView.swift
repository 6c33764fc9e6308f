import LessonRecords

/// Grids of small images (digits, first-layer weights) as PNG files and the HTML that shows them
/// with their labels and predictions; a wrong prediction is marked in words, not only in colour.
enum ImageGridView {
    /// Images are upscaled (nearest neighbour) to at least this many pixels across, so they stay
    /// crisp wherever the browser scales them.
    static let targetPixels = 112

    static func render(_ grid: ImageGrid, lesson: String, step: String, index: Int) throws(SiteError) -> (html: String, files: [SiteFile]) {
        var files: [SiteFile] = []
        let base = "img/\(HTML.slug(lesson))-\(HTML.slug(step))-\(HTML.slug(grid.name.isEmpty ? "grid\(index)" : grid.name))"
        var html = "<figure class=\"image-grid\"><figcaption>\(esc(grid.title))</figcaption>"
        let columns = max(1, min(grid.columns, 12))
        html += "<ul class=\"images\" style=\"--columns: \(columns)\">"
        for (n, image) in grid.images.enumerated() {
            let png: PNGImage
            do {
                let format: PNGImage.Format = image.channels == 3 ? .rgb : image.channels == 4 ? .rgba : .gray
                png = try PNGImage(width: image.width, height: image.height, format: format, pixels: image.pixels)
            } catch {
                throw .record(lesson: lesson, step: step, message: "image \(n) of grid \(grid.name): \(error.message)")
            }
            let factor = max(1, (targetPixels + max(image.width, image.height) - 1) / max(image.width, image.height))
            let bytes: [UInt8]
            do { bytes = try PNG.encode(png.upscaled(by: factor)) } catch {
                throw .record(lesson: lesson, step: step, message: "image \(n) of grid \(grid.name): \(error.message)")
            }
            let path = "\(base)-\(n).png"
            files.append(SiteFile(path: path, bytes: bytes))
            let wrong = isWrong(image)
            html += "<li\(wrong ? " class=\"wrong\"" : "")><img src=\"\(esc(path))\" alt=\"\(esc(image.caption))\" width=\"\(image.width * factor)\" height=\"\(image.height * factor)\"/>"
            var lines: [String] = []
            if let label = image.label { lines.append("<span class=\"label\">label <b>\(esc(label))</b></span>") }
            if let prediction = image.prediction {
                lines.append("<span class=\"prediction\">\(wrong ? "✗ " : "")predicted <b>\(esc(prediction))</b></span>")
            }
            if !lines.isEmpty { html += "<span class=\"image-text\">\(lines.joined())</span>" }
            html += "</li>"
        }
        html += "</ul></figure>"
        return (html, files)
    }

    /// A prediction is wrong when its first word (the top class) differs from the label.
    static func isWrong(_ image: ImageRecord) -> Bool {
        guard let label = image.label, let prediction = image.prediction else { return false }
        let top = prediction.split(separator: " ").first.map(String.init) ?? prediction
        return top != label
    }
}
