package org.partnerdelegation.examples.spring;

import java.util.stream.Collectors;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.spring.boot.HostPrincipalResolver;
import org.partnerdelegation.spring.boot.security.PartnerDelegationConfigurer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A Spring Boot host on the partner delegation starter. The starter builds the library on the
 * host's {@code DataSource}; the host adds its login (Spring Security's form login over the
 * sample's users), the one bean only it can write ({@link HostPrincipalResolver}), the roles
 * partners may ask for, and its pages. Its settings are in {@code application.properties}: the
 * step-up policy among them, which it relaxes by name because its users sign in with a password
 * only (see there).
 *
 * <p>Run it with {@code mvn -pl delegation-examples-spring-boot -am compile -Dmaven.test.skip spring-boot:run}
 * and open http://localhost:8080 ({@code server.port} changes the port).
 */
@SpringBootApplication
@EnableMethodSecurity
public class SampleHostApplication {

    private static final Logger LOG = LoggerFactory.getLogger(SampleHostApplication.class);

    /**
     * Starts the sample.
     *
     * @param args Spring Boot's arguments, e.g. {@code --server.port=9090} or {@code --spring.profiles.active=postgres}
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleHostApplication.class, args);
    }

    @Bean
    SecurityFilterChain sampleSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/sample.css", "/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", true))
                .logout(logout -> logout.logoutSuccessUrl("/login?signed-out"))
                // The one line for partner delegation: a delegated session's cookie becomes the request's Authentication,
                // and /customer is for delegated sessions only.
                .with(PartnerDelegationConfigurer.delegatedSessions(), sessions -> sessions
                        .cookie(SampleCookie.COOKIE)
                        .delegatedOnly(SampleCookie.PATH));
        return http.build();
    }

    @Bean
    UserDetailsService sampleUsers() {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(SampleDirectory.USERS.stream()
                .map(user -> User.withUsername(user.username())
                        .password(encoder.encode(user.password()))
                        .roles(user.role().name())
                        .build())
                .toList());
    }

    @Bean
    SamplePrincipals hostPrincipalResolver() {
        return new SamplePrincipals();
    }

    @Bean
    RoleCatalogue sampleRoles() {
        return SampleDirectory.roles();
    }

    /**
     * Registers the sample's tenants in the library's table-backed directory, Acme with the partner
     * permission. A host with its own tenant tables implements {@code TenantDirectory} over them instead.
     */
    @Bean
    @Order(0)
    ApplicationRunner seedTenants(JdbiStorage storage) {
        return args -> SampleDirectory.TENANTS.forEach(storage.tenantDirectory()::register);
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> tellWhereToOpen(@Value("${local.server.port:${server.port:8080}}") int port) {
        return event -> LOG.info("\n\nThe Spring Boot sample host is ready: open http://localhost:{}/ and sign in as one of\n{}\n",
                port, SampleDirectory.USERS.stream()
                        .map(u -> String.format("  %-32s password %-9s %s", u.username(), u.password(), u.story()))
                        .collect(Collectors.joining("\n")));
    }
}
