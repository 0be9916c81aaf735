package org.partnerdelegation.examples.readme;

// tag::jakarta[]
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.EnumSet;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.servlet.DelegatedSessionFilter;

/** Installs the filter when the web application starts. */
public class DelegationWiring implements ServletContextListener {

    private final PartnerDelegation delegation;       // the facade your application built at startup

    public DelegationWiring(PartnerDelegation delegation) {
        this.delegation = delegation;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        DelegatedSessionFilter filter = DelegatedSessionFilter.builder(delegation)
                .cookieName("__Host-pd_delegated_session")  // the cookie your login sets: HttpOnly, Secure, SameSite=Lax
                .redirectOnRefusal("/sign-in")              // a browser whose session ended; Bearer clients get 401
                .build();                                   // thread-safe: one instance serves every request
        FilterRegistration.Dynamic registration = event.getServletContext().addFilter("delegatedSession", filter);
        // Before the servlets that read the principal; requests without a token pass on to your own sign-in.
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }
}
// end::jakarta[]
