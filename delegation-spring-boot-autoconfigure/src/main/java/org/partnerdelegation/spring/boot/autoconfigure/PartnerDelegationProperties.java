package org.partnerdelegation.spring.boot.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code partner-delegation.*} properties of a Spring Boot host. Every key has the library's
 * default; the generated metadata lets an IDE complete and document each one.
 */
@ConfigurationProperties("partner-delegation")
public class PartnerDelegationProperties {

    /** The REST API. */
    private final Api api = new Api();

    /** {@return the REST API's settings} */
    public Api getApi() {
        return api;
    }

    /** The REST API's settings ({@code partner-delegation.api.*}). */
    public static class Api {

        /** Whether the REST controllers are registered. */
        private boolean enabled = true;

        /** The path under which every endpoint of the REST API lies. */
        private String basePath = "/partner-delegation/api";

        /** {@return whether the REST controllers are registered} */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the REST controllers are registered */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return the path under which every endpoint lies} */
        public String getBasePath() {
            return basePath;
        }

        /** @param basePath the path under which every endpoint lies */
        public void setBasePath(String basePath) {
            this.basePath = basePath;
        }
    }
}
