package org.partnerdelegation.examples;

/**
 * Where the web demo says what it is doing while it starts: one line as each phase begins (the web
 * server, the database and its schema, the mail server, the demo data), so that a slow start shows
 * where the time goes and a failed one where it stopped. {@link #SILENT} says nothing, for tests and
 * for the console walkthrough, whose own output is the story. Called by the thread that starts the
 * demo, one line at a time.
 */
@FunctionalInterface
public interface StartupLog {

    /** Says nothing. */
    StartupLog SILENT = line -> { };

    /**
     * Says that a phase begins.
     *
     * @param line one line for a person, without a line break
     */
    void phase(String line);
}
