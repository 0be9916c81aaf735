package org.partnerdelegation.examples.springboot.readme;

import java.util.Optional;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.spring.boot.HostPrincipalResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.partnerdelegation.spring.boot.security.PartnerDelegationConfigurer;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The README's "Spring Boot" section: the one bean a host writes, and the one line of its security
 * configuration. Tested by {@link SpringBootSectionTest}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
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

    // tag::security[]
    @Bean
    SecurityFilterChain web(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .with(PartnerDelegationConfigurer.delegatedSessions(), sessions -> sessions.delegatedOnly("/customer"))
                .build();
    }
    // end::security[]
}
