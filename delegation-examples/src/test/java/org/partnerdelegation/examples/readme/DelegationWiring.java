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
                .delegatedOnly("/billing")                  // pages only a delegated session reaches: an ended cookie is refused
                .redirectOnRefusal("/sign-in")              // there, with this redirect; Bearer clients get 401 on every path
                .build();                                   // thread-safe: one instance serves every request
        FilterRegistration.Dynamic registration = event.getServletContext().addFilter("delegatedSession", filter);
        // Before the servlets that read the principal; requests without a token pass on to your own sign-in.
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }
}
// end::jakarta[]
