package org.partnerdelegation.examples;

/**
 * Runs the {@link Walkthrough} on the console: {@code mvn -B -q -pl delegation-examples -am compile -Dmaven.test.skip exec:java -Dexec.args=--console}
 * from the repository root. Exits with 0 when the scenario played as expected, and with 1 after
 * printing the error otherwise.
 */
public final class ConsoleWalkthrough {

    private ConsoleWalkthrough() {
    }

    public static void main(String[] args) {
        try {
            new Walkthrough().run(System.out);
        } catch (RuntimeException e) {
            System.out.flush();
            System.err.println("The walkthrough failed: " + e);
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }
}
