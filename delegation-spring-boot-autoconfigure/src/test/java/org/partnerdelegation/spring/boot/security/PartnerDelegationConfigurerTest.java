package org.partnerdelegation.spring.boot.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.DelegationException;
import org.springframework.mock.web.MockHttpServletRequest;

/** The configurer's own checks: delegated-only prefixes and which requests skip CSRF. */
class PartnerDelegationConfigurerTest {

    @Test
    void aTrailingDoubleStarIsReadAsThePrefixBeforeIt() {
        assertThat(PartnerDelegationConfigurer.delegatedSessions().delegatedOnly("/customer/**", "/**", "/console")).isNotNull();
    }

    @Test
    void aPatternIsRefusedRatherThanReadAsALiteralPrefix() {
        assertThatThrownBy(() -> PartnerDelegationConfigurer.delegatedSessions().delegatedOnly("/api/*/billing"))
                .isInstanceOf(DelegationException.class)
                .hasMessageContaining("delegatedOnly takes path prefixes").hasMessageContaining("/api/*/billing");
    }

    @Test
    void onlyARequestTheFilterReadsAsBearerSkipsCsrf() {
        assertThat(PartnerDelegationConfigurer.BEARER_HEADER.matches(withAuthorization("Bearer abc"))).isTrue();
        assertThat(PartnerDelegationConfigurer.BEARER_HEADER.matches(withAuthorization("bearer abc"))).isTrue();
        assertThat(PartnerDelegationConfigurer.BEARER_HEADER.matches(withAuthorization("Bearer"))).isTrue();
        assertThat(PartnerDelegationConfigurer.BEARER_HEADER.matches(withAuthorization("Bearerabc"))).isFalse();
        assertThat(PartnerDelegationConfigurer.BEARER_HEADER.matches(withAuthorization("Basic YTpi"))).isFalse();
        assertThat(PartnerDelegationConfigurer.BEARER_HEADER.matches(new MockHttpServletRequest())).isFalse();
    }

    private static MockHttpServletRequest withAuthorization(String value) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Authorization", value);
        return request;
    }
}
