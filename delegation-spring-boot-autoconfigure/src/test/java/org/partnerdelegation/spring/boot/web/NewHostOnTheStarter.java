package org.partnerdelegation.spring.boot.web;

import java.time.Instant;
import java.util.Optional;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.port.TenantDirectory;
import org.partnerdelegation.spring.boot.HostPrincipalResolver;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A new Spring Boot host as the issue describes it: the starter's auto-configurations found on the
 * class path (nothing imported by hand), a {@code DataSource} from {@code spring.datasource.*}, mail
 * from {@code partner-delegation.mail.*}, and the one bean only the host can write. Its sign-in is a
 * stand-in: the {@code X-Test-User} header names the user ({@code admin:<tenant>}, {@code operator}),
 * as {@link ApiTestHost}'s does; the host's own Spring Security is left out, as there.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"})
class NewHostOnTheStarter {

    @Bean
    HostPrincipalResolver hostPrincipals(TenantDirectory tenants) {
        return request -> {
            String user = request.getHeader(ApiTestHost.USER_HEADER);
            if (user == null) {
                return Optional.empty();
            }
            if (user.equals("operator")) {
                return Optional.of(Principal.operator(ApiTestHost.HOST, UserId.of("ops")));
            }
            Tenant tenant = tenants.findById(TenantId.of(user.substring("admin:".length()))).orElseThrow();
            return Optional.of(Principal.administrator(tenant.id(), UserId.of("admin-of-" + tenant.id()))
                    .withVerifiedEmail(tenant.administratorEmail())
                    .withAuthentication(Authentication.multiFactor(Instant.now())));
        };
    }
}
