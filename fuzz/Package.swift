// swift-tools-version: 6.0
// libFuzzer harnesses for ScratchNet's readers. Not part of the main build: see docs/fuzzing.md
// and fuzz/run.sh, which builds this package with `-sanitize=fuzzer,address`.
import PackageDescription

let package = Package(
    name: "ScratchNetFuzz",
    dependencies: [.package(name: "ScratchNet", path: "..")],
    targets: [
        // Declares libFuzzer's LLVMFuzzerRunDriver: SwiftPM links each executable with its own
        // `main`, so the harnesses start libFuzzer from there instead of using libFuzzer's main.
        .target(name: "FuzzDriver"),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzDriver", .product(name: "Datasets", package: "ScratchNet")]),
        .executableTarget(name: "FuzzIDX", dependencies: ["FuzzDriver", .product(name: "Datasets", package: "ScratchNet")]),
        .executableTarget(name: "FuzzMarkdown", dependencies: [
            "FuzzDriver",
            .product(name: "Site", package: "ScratchNet"), .product(name: "LessonRecords", package: "ScratchNet"),
        ]),
        .executableTarget(name: "FuzzSnapshot", dependencies: ["FuzzDriver", .product(name: "LessonRecords", package: "ScratchNet")]),
    ],
    swiftLanguageModes: [.v6]
)
