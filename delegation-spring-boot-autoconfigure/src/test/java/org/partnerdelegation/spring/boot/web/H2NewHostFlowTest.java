package org.partnerdelegation.spring.boot.web;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A new host on the starter with an H2 DataSource: the seed's flow over HTTP. */
class H2NewHostFlowTest extends NewHostFlowContract {

    @DynamicPropertySource
    static void host(DynamicPropertyRegistry registry) {
        hostProperties(registry, "jdbc:h2:mem:new-host-flow;DB_CLOSE_DELAY=-1");
    }
}
