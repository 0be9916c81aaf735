package org.partnerdelegation.spring.boot.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.partnerdelegation.core.port.SessionCache;
import org.partnerdelegation.jdbi.Dialect;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.sessioncache.CaffeineSessionCache;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The node-local cache of session checks, when the host adds {@code delegation-session-cache}: a
 * {@link CaffeineSessionCache} ({@code partner-delegation.session-cache.ttl} and
 * {@code .maximum-size}) that the facade's {@code validateSession} goes through. On PostgreSQL it
 * listens to the revocations the database signals, on a connection of its own to the URL of the
 * library's pool ({@code partner-delegation.datasource.*}) or of the host's HikariCP
 * {@code DataSource}; on H2 it hears the revocations of this process only. Off with
 * {@code partner-delegation.session-cache.enabled=false}; a host's own {@link SessionCache} bean
 * wins. The cache is closed (its listener stopped) with the context.
 */
@AutoConfiguration(after = PartnerDelegationAutoConfiguration.class)
@ConditionalOnClass({CaffeineSessionCache.class, JdbiStorage.class, HikariDataSource.class})
@ConditionalOnBean(JdbiStorage.class)
@ConditionalOnProperty(prefix = "partner-delegation.session-cache", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(PartnerDelegationProperties.class)
public class PartnerDelegationSessionCacheAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public PartnerDelegationSessionCacheAutoConfiguration() {
    }

    /**
     * The cache, listening on PostgreSQL.
     *
     * @param storage    the library's storage, whose dialect says whether there is a database to listen to
     * @param properties the {@code partner-delegation.*} properties
     * @param dataSource the host's DataSource, whose URL the listener takes when the library has no pool of its own
     * @return the cache
     * @throws IllegalStateException on PostgreSQL, when neither {@code partner-delegation.datasource.url} nor a
     *                               HikariCP {@code DataSource} gives the listener its URL, user and password
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(SessionCache.class)
    public CaffeineSessionCache partnerDelegationSessionCache(JdbiStorage storage, PartnerDelegationProperties properties,
                                                              ObjectProvider<DataSource> dataSource) {
        PartnerDelegationProperties.SessionCache settings = properties.getSessionCache();
        CaffeineSessionCache.Builder builder = CaffeineSessionCache.builder()
                .timeToLive(settings.getTtl())
                .maximumSize(settings.getMaximumSize());
        if (storage.dialect() == Dialect.POSTGRESQL) {
            PartnerDelegationProperties.Datasource own = properties.getDatasource();
            if (own.getUrl() != null) {
                builder.listenerConnection(own.getUrl(), own.getUsername(), own.getPassword());
            } else {
                HikariDataSource hikari = hikari(dataSource.getIfAvailable());
                if (hikari.getJdbcUrl() == null || !hikari.getJdbcUrl().startsWith("jdbc:postgresql:")) {
                    // The storage is on PostgreSQL and the DataSource is not: the storage was built on another database
                    // (a host's own JdbiStorage bean), whose URL the listener cannot learn. Listening elsewhere would hear
                    // no revocation, so the start stops rather than serve stale sessions.
                    throw new IllegalStateException("partner-delegation.session-cache: the library's storage is on PostgreSQL"
                            + " but the DataSource is not (" + subProtocol(hikari.getJdbcUrl()) + "), so the cache cannot tell"
                            + " which database to listen to for revocations; give the library its pool"
                            + " (partner-delegation.datasource.url, .username, .password), define a CaffeineSessionCache bean"
                            + " with its listenerConnection, or set partner-delegation.session-cache.enabled=false");
                }
                builder.listenerConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
            }
        }
        return builder.build();
    }

    /** The URL's sub-protocol only ({@code jdbc:h2}): the rest may carry a password. */
    private static String subProtocol(String url) {
        if (url == null) {
            return "no URL";
        }
        int second = url.indexOf(':', url.indexOf(':') + 1);
        return second < 0 ? "an unknown URL" : url.substring(0, second);
    }

    private static HikariDataSource hikari(DataSource dataSource) {
        try {
            if (dataSource != null && dataSource.isWrapperFor(HikariDataSource.class)) {
                return dataSource.unwrap(HikariDataSource.class);
            }
        } catch (SQLException e) {
            // falls through to the explanation below
        }
        throw new IllegalStateException("partner-delegation.session-cache: on PostgreSQL the cache listens to revocations on a"
                + " connection of its own, and cannot tell the URL, user and password of a "
                + (dataSource == null ? "missing DataSource" : dataSource.getClass().getName())
                + "; give the library a pool of its own (partner-delegation.datasource.url, .username, .password),"
                + " or set partner-delegation.session-cache.enabled=false");
    }
}
