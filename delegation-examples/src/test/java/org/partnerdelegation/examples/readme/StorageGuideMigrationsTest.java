package org.partnerdelegation.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.jdbi.Dialect;
import org.partnerdelegation.jdbi.SchemaInstaller;

/**
 * The storage guide's schema table (docs/guide/storage.md, under "**The schema** ships") is the list of migrations a host
 * applies with its own tool: it must name every migration delegation-jdbi ships, for every
 * database, and nothing it does not ship. A migration added without its row fails the build,
 * naming the file.
 */
class StorageGuideMigrationsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** The page that holds the schema table. */
    private static final Path STORAGE_GUIDE = ROOT.resolve("docs/guide/storage.md");
    private static final Path RESOURCES = ROOT.resolve("delegation-jdbi/src/main/resources");
    private static final String MIGRATIONS_FOLDER = "db/partner-delegation";
    private static final String TABLE_INTRO = "**The schema** ships";
    private static final Pattern MIGRATION_NAME = Pattern.compile("`([^`/]+\\.sql)`");

    @Test
    void theSchemaTableListsEveryMigrationThatShips() {
        Set<String> listed = listedMigrations(storageGuide());

        assertThat(unlisted(shippedMigrations(), listed))
                .as("migrations delegation-jdbi ships that the storage guide's schema table (under \"%s\") does not list:"
                        + " add a row for each", TABLE_INTRO)
                .isEmpty();
    }

    @Test
    void everyMigrationTheSchemaTableListsShipsForEveryDatabase() {
        Set<String> listed = listedMigrations(storageGuide());
        assertThat(listed).as("the migrations the storage guide's schema table lists").isNotEmpty();

        List<String> missing = new ArrayList<>();
        for (Dialect dialect : Dialect.values()) {
            List<String> installed = SchemaInstaller.migrationResources(dialect);
            for (String name : listed) {
                String resource = dialect.migrationLocation() + "/" + name;
                if (!installed.contains(resource) || SchemaInstaller.class.getClassLoader().getResource(resource) == null) {
                    missing.add(resource);
                }
            }
        }
        assertThat(missing).as("migrations the storage guide's schema table lists that the installer or the classpath lacks").isEmpty();
    }

    @Test
    void aMigrationTheTableDoesNotListIsNamedForEachFolderItShipsIn() {
        String page = """
                **The schema** ships as versioned SQL migrations:

                | migration (in both folders) | what it does |
                | --- | --- |
                | `V1__partner_delegation_schema.sql` | the tables |

                | other table | `V2__trust_model.sql` |
                """;
        List<String> shipped = List.of("db/partner-delegation/h2/V1__partner_delegation_schema.sql",
                "db/partner-delegation/h2/V2__trust_model.sql", "db/partner-delegation/postgresql/V1__partner_delegation_schema.sql",
                "db/partner-delegation/postgresql/V2__trust_model.sql");

        assertThat(listedMigrations(page)).containsExactly("V1__partner_delegation_schema.sql");
        assertThat(unlisted(shipped, listedMigrations(page)))
                .containsExactly("db/partner-delegation/h2/V2__trust_model.sql", "db/partner-delegation/postgresql/V2__trust_model.sql");
    }

    /** The file names in the first column of the first table after the table's introduction. */
    static Set<String> listedMigrations(String page) {
        int intro = page.indexOf(TABLE_INTRO);
        assertThat(intro).as("the storage guide's \"%s\" paragraph", TABLE_INTRO).isNotNegative();
        Set<String> names = new LinkedHashSet<>();
        boolean inTable = false;
        for (String line : page.substring(intro).split("\n", -1)) {
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            String[] cells = line.split("\\|", -1);
            Matcher m = MIGRATION_NAME.matcher(cells.length > 1 ? cells[1] : "");
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The shipped migrations (resource paths) whose file name the table does not list, in order. */
    static List<String> unlisted(List<String> shipped, Set<String> listed) {
        return shipped.stream().filter(resource -> !listed.contains(resource.substring(resource.lastIndexOf('/') + 1))).toList();
    }

    /**
     * Every migration delegation-jdbi ships: each SQL file in a folder of its migrations (a new
     * database's folder included), and each one its installer applies.
     */
    private static List<String> shippedMigrations() {
        Set<String> shipped = new TreeSet<>();
        try (Stream<Path> files = Files.walk(RESOURCES.resolve(MIGRATIONS_FOLDER))) {
            files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".sql"))
                    .forEach(f -> shipped.add(RESOURCES.relativize(f).toString().replace('\\', '/')));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Dialect dialect : Dialect.values()) {
            shipped.addAll(SchemaInstaller.migrationResources(dialect));
        }
        assertThat(shipped).as("the migrations under %s", RESOURCES.resolve(MIGRATIONS_FOLDER)).isNotEmpty();
        return List.copyOf(shipped);
    }

    private static String storageGuide() {
        try {
            return Files.readString(STORAGE_GUIDE, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
