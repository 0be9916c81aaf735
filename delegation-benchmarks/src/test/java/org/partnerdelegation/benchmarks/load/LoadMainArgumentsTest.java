package org.partnerdelegation.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line refuses what it cannot run, naming the option, before anything starts. */
class LoadMainArgumentsTest {

    @Test
    void optionsAreReadWithTheirValuesAndFlagsWithout() {
        Map<String, String> o = LoadMain.parse(new String[] {"--nodes", "3", "--separate-jvms", "--failover", "--seconds", "600"});

        assertThat(o).containsEntry("--nodes", "3").containsEntry("--seconds", "600")
                .containsEntry("--separate-jvms", "true").containsEntry("--failover", "true");
    }

    @Test
    void anUnknownOptionIsRefusedByName() {
        assertThatThrownBy(() -> LoadMain.parse(new String[] {"--thread", "3"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown option --thread");
    }

    @Test
    void anOptionWithoutItsValueIsRefused() {
        assertThatThrownBy(() -> LoadMain.parse(new String[] {"--nodes", "2", "--seconds"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--seconds needs a value");
    }

    @Test
    void aCountThatIsNotAWholeNumberIsRefusedByName() {
        assertThatThrownBy(() -> LoadMain.builder(LoadMain.parse(new String[] {"--threads", "four", "--url", "jdbc:postgresql://x/y"})))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--threads takes a whole number, got four");
    }

    @Test
    void aCountBelowOneIsRefusedByName() {
        assertThatThrownBy(() -> LoadMain.builder(LoadMain.parse(new String[] {"--nodes", "0", "--url", "jdbc:postgresql://x/y"})))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("nodes must be at least 1, got 0");
    }

    @Test
    void theFailoverRunStartsItsOwnDatabasesSoAUrlIsRefused() {
        assertThatThrownBy(() -> LoadMain.builder(LoadMain.parse(new String[] {"--failover", "--url", "jdbc:postgresql://x/y"})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leave out --url");
    }

    @Test
    void theReportedCommandHidesThePassword() {
        String[] args = {"--url", "jdbc:postgresql://db/app", "--password", "s3cret", "--seconds", "5"};
        LoadReport report = new LoadReport("setup", java.time.Duration.ofSeconds(5), java.util.List.of(), 0, 0, 0, 0, 0, 0,
                java.util.Optional.empty(), java.util.Optional.empty(), 0, java.time.Duration.ZERO, java.time.Duration.ZERO,
                java.util.List.of(), java.util.List.of(), java.util.List.of(), new LoadReport.LoadAverage(1, 1, 2), java.util.List.of());

        assertThat(LoadMain.markdown(report, LoadMain.parse(args), args)).contains("--password *** --seconds 5").doesNotContain("s3cret");
    }
}
