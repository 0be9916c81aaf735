package org.partnerdelegation.spring.boot.web;

import org.partnerdelegation.jdbi.Databases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A new host on the starter with a PostgreSQL DataSource (embedded PostgreSQL): the seed's flow over HTTP. */
class PostgresNewHostFlowTest extends NewHostFlowContract {

    @DynamicPropertySource
    static void host(DynamicPropertyRegistry registry) {
        String url = Databases.newPostgresDatabase();
        hostProperties(registry, url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }
}
