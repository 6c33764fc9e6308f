import ArgumentParser
import Foundation
import Lessons

/// `scratchnet build`: runs the lessons and writes the site.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the lessons and write the lesson site (records in data/, pages beside them).")

    @OptionGroup var options: LessonOptions

    @Option(help: "The folder to write the site into.")
    var out: String = "output"

    @Flag(help: "Build even if the output folder holds files no build wrote (they are moved aside, not deleted).")
    var force = false

    func run() throws {
        let configuration = try options.configuration()
        let layout = ProjectLayout(data: configuration.data)
        let lessons = try options.selectedLessons()
        let destination = URL(fileURLWithPath: out, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
        let folder = OutputFolder(destination: destination, force: force)
        try folder.checkDestination(projectRoot: layout.root)
        // Prose problems are found before minutes of training, not after.
        var prose = [String: LessonProse]()
        for lesson in lessons { prose[lesson.id] = try layout.prose(for: lesson) }

        let progress = ProgressLine()
        let start = ContinuousClock.now
        var records = [LessonRecord]()
        for lesson in lessons {
            let lessonStart = ContinuousClock.now
            records.append(try LessonRunner.run(lesson, configuration: configuration, progress: progress.reporter))
            printError("built \(lesson.id) in \(format(ContinuousClock.now - lessonStart))")
        }
        let files = try SitePublisher.files(records: records, prose: prose, layout: layout)
        try folder.write(files)
        print("wrote \(files.count) files to \(destination.path) in \(format(ContinuousClock.now - start))")
    }

    private func format(_ d: Duration) -> String {
        String(format: "%.2fs", Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
    }
}
