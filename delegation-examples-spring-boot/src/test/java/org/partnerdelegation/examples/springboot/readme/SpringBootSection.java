package org.partnerdelegation.examples.springboot.readme;

import java.util.Optional;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.spring.boot.HostPrincipalResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** The README's "Spring Boot" section: the one bean a host writes. Tested by {@link SpringBootSectionTest}. */
@Configuration(proxyBeanMethods = false)
class SpringBootSection {

    // tag::host-principal-resolver[]
    @Bean
    HostPrincipalResolver hostPrincipalResolver(HostUsers users) {
        return request -> Optional.ofNullable(SecurityContextHolder.getContext().getAuthentication())
                .filter(UsernamePasswordAuthenticationToken.class::isInstance) // the host's own sign-in only
                .flatMap(signedIn -> users.find(signedIn.getName()))
                .map(user -> Principal.administrator(user.tenant(), user.id())
                        .withVerifiedEmail(user.verifiedEmail())
                        .withAuthentication(Authentication.of(user.lastSignIn(), user.factors())));
    }
    // end::host-principal-resolver[]
}
