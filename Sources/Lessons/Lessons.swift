// The Lessons target: Lesson, Step, Recorder and the lessons themselves arrive with the core-lessons issue.
