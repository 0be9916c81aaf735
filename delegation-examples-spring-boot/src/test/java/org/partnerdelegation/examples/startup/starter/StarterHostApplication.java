package org.partnerdelegation.examples.startup.starter;

import java.util.Optional;
import org.partnerdelegation.examples.startup.bare.BareHostApplication;
import org.partnerdelegation.spring.boot.HostPrincipalResolver;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The bare host with the partner delegation starter on its class path, and the one bean a host
 * writes, so that every part of the auto-configuration that waits for it applies: what a host
 * pays at start for adding the starter.
 */
@Configuration(proxyBeanMethods = false)
@Import(BareHostApplication.class)
public class StarterHostApplication {

    /**
     * Starts the host, which exits as soon as it is ready.
     *
     * @param args Spring Boot's arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(StarterHostApplication.class, args);
    }

    @Bean
    HostPrincipalResolver nobodySignedIn() {
        return request -> Optional.empty();
    }
}
