package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;

/**
 * The JDBC drivers are optional dependencies of delegation-jdbi: a host without H2 on its class
 * path that asks for the embedded or in-memory storage is told, with {@code STORAGE_UNAVAILABLE},
 * which dependency to add, before anything is opened or created. The test hides the driver with a
 * class loader that loads this module's classes from its build output itself and refuses every
 * class of the driver's packages; everything else (core, Jdbi, HikariCP) comes from the test's
 * class path as usual.
 */
class OptionalDriverTest {

    @TempDir
    Path directory;

    @Test
    void theClassLoaderHidesH2FromThisModuleOnly() throws Exception {
        try (WithoutDriver loader = new WithoutDriver("org.h2.")) {
            assertThat(loader.loadClass(JdbiStorage.class.getName()).getClassLoader()).isSameAs(loader);
            assertThatThrownBy(() -> Class.forName("org.h2.Driver", false, loader)).isInstanceOf(ClassNotFoundException.class);
            assertThat(Class.forName("org.h2.Driver", false, getClass().getClassLoader())).isNotNull();
        }
    }

    @Test
    void inMemoryWithoutH2NamesTheDependencyToAdd() throws Exception {
        try (WithoutDriver loader = new WithoutDriver("org.h2.")) {
            DelegationException refused = refusal(() -> loader.call("inMemory", new Class<?>[] {String.class}, "no-h2"));

            assertThat(refused.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
            assertThat(refused).hasMessageContaining("com.h2database:h2").hasMessageContaining("JdbiStorage.inMemory");
        }
    }

    @Test
    void embeddedWithoutH2NamesTheDependencyToAddAndCreatesNothing() throws Exception {
        Path data = directory.resolve("data");
        try (WithoutDriver loader = new WithoutDriver("org.h2.")) {
            DelegationException refused = refusal(() -> loader.call("embedded", new Class<?>[] {Path.class}, data));

            assertThat(refused.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
            assertThat(refused).hasMessageContaining("com.h2database:h2").hasMessageContaining("JdbiStorage.embedded");
        }
        try (Stream<Path> created = Files.list(directory)) {
            assertThat(created).as("nothing was created").isEmpty();
        }
    }

    @Test
    void connectingToPostgresqlWithoutItsDriverNamesTheDependencyToAdd() throws Exception {
        try (WithoutDriver loader = new WithoutDriver("org.postgresql.")) {
            Object config = loader.loadClass(DatabaseConfig.class.getName())
                    .getMethod("of", String.class, String.class, String.class)
                    .invoke(null, "jdbc:postgresql://127.0.0.1:1/none", "app", "secret");

            DelegationException refused = refusal(() -> loader.call("connect", new Class<?>[] {config.getClass()}, config));

            assertThat(refused.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
            assertThat(refused).hasMessageContaining("org.postgresql:postgresql").hasMessageNotContaining("secret");
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    /** The DelegationException a reflective call to a factory threw. */
    private static DelegationException refusal(Call call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(InvocationTargetException.class);
        assertThat(thrown.getCause()).isInstanceOf(DelegationException.class);
        return (DelegationException) thrown.getCause();
    }

    /**
     * Loads org.partnerdelegation.jdbi classes from the module's build output (child first), so
     * that JdbiStorage looks for drivers through this loader, and refuses the hidden packages.
     */
    private static final class WithoutDriver extends URLClassLoader {

        private final String hiddenPackage;

        WithoutDriver(String hiddenPackage) {
            super(new URL[] {JdbiStorage.class.getProtectionDomain().getCodeSource().getLocation()},
                    OptionalDriverTest.class.getClassLoader());
            this.hiddenPackage = hiddenPackage;
        }

        Object call(String factory, Class<?>[] parameterTypes, Object... arguments) throws Exception {
            Method method = loadClass(JdbiStorage.class.getName()).getMethod(factory, parameterTypes);
            Object storage = method.invoke(null, arguments);
            if (storage instanceof AutoCloseable closeable) {
                closeable.close();
            }
            return storage;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith(hiddenPackage)) {
                throw new ClassNotFoundException(name + " is hidden by OptionalDriverTest");
            }
            if (!name.startsWith("org.partnerdelegation.jdbi.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

        @Override
        public URL getResource(String name) {
            return name.startsWith(hiddenPackage.replace('.', '/')) ? null : super.getResource(name);
        }
    }
}
