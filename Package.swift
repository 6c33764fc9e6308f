// swift-tools-version: 6.0
// ScratchNet: neural networks from scratch, run step by step and published as a static lesson site.
import PackageDescription

let package = Package(
    name: "ScratchNet",
    products: [
        .executable(name: "scratchnet", targets: ["scratchnet"]),
        // Libraries only so that fuzz/Package.swift (the libFuzzer harnesses) can depend on them.
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "LessonRecords", targets: ["LessonRecords"]),
        .library(name: "Lessons", targets: ["Lessons"]),
        .library(name: "Site", targets: ["Site"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries, each behind a module map and a shim header.
        .systemLibrary(name: "CLibPNG", pkgConfig: "libpng16", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CMarkGFM", pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        // The matmul micro-kernels: C so that AVX-512/AVX2 variants can be chosen at run time
        // while the package itself is compiled for the baseline CPU.
        .target(
            name: "CKernels",
            cSettings: [.unsafeFlags(["-O3", "-ffp-contract=off"])]),

        // Cross-module optimisation lets the training loops in NeuralNet (and the lessons) inline
        // and specialise Tensor's small accessors instead of calling them generically per step.
        .target(name: "Tensor", dependencies: ["CKernels"], swiftSettings: [.unsafeFlags(["-cross-module-optimization"])]),
        .target(name: "Datasets", dependencies: ["Tensor", "CZlib"]),
        // The teaching code: plain Swift, no speed flags.
        .target(name: "NeuralNet", dependencies: ["Tensor"]),
        // The fused, allocation-free training engine a lesson asks for by name. Its step touches
        // buffers (class properties) a dozen times; the run-time exclusivity checks of those
        // accesses would cost more than a small network's arithmetic. Compile-time checks still apply.
        .target(
            name: "DenseEngine", dependencies: ["NeuralNet", "Tensor"],
            swiftSettings: [.unsafeFlags(["-cross-module-optimization", "-enforce-exclusivity=unchecked"])]),
        .target(name: "Autograd", dependencies: ["Tensor"]),
        // What a lesson leaves behind (records, snapshot comparison, prose): Foundation only, so the
        // site can read records without linking the lessons that write them.
        .target(name: "LessonRecords"),
        .target(name: "Lessons", dependencies: ["LessonRecords", "Tensor", "Datasets", "NeuralNet", "DenseEngine", "Autograd"]),
        // `scratchnet bench`'s own C step of the exam network (3-5-1 on 25 rows), where calling the
        // products one by one from Swift costs more than their arithmetic. No lesson uses it.
        .target(
            name: "BenchKernels", dependencies: ["CKernels"],
            cSettings: [.unsafeFlags(["-O3", "-ffp-contract=off"])]),
        .target(name: "Site", dependencies: ["LessonRecords", "CLibPNG", "CMarkGFM"]),
        .executableTarget(
            name: "scratchnet",
            dependencies: [
                "Tensor", "Datasets", "NeuralNet", "DenseEngine", "BenchKernels", "Autograd", "LessonRecords", "Lessons", "Site",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .testTarget(name: "TensorTests", dependencies: ["Tensor"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet"]),
        .testTarget(name: "DenseEngineTests", dependencies: ["DenseEngine", "NeuralNet"]),
        .testTarget(name: "AutogradTests", dependencies: ["Autograd", "NeuralNet"]),
        .testTarget(name: "LessonsTests", dependencies: ["LessonRecords", "Lessons"]),
        .testTarget(name: "SiteTests", dependencies: ["LessonRecords", "Lessons", "Site"]),
        // Runs the built `scratchnet` executable (which `swift test` builds too) as a user would.
        .testTarget(name: "ScratchNetCLITests", dependencies: []),
    ],
    swiftLanguageModes: [.v6]
)
