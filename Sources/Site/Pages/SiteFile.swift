/// One file of the generated site: a path relative to the site's root and its bytes.
/// The CLI writes these; the Site target never touches the file system.
public struct SiteFile: Sendable, Equatable {
    /// Relative, with `/` separators: `index.html`, `manual-backward.html`, `img/x.png`, `assets/style.css`.
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }
}

/// The stylesheet and the stepper script, kept as files in `assets/` so they can be edited
/// without touching Swift; the CLI reads them and passes them in.
public struct SiteAssets: Sendable, Equatable {
    public var css: String
    public var js: String

    public init(css: String, js: String) {
        self.css = css
        self.js = js
    }
}
