package org.partnerdelegation.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.IssuedSession;

/**
 * The filter in a real Jetty, in front of a servlet, over real HTTP, with sessions of a real
 * delegation on the in-memory adapters. After every test: no response and no log line of the
 * filter showed any token the test issued.
 */
class DelegatedSessionFilterTest {

    private static final String COOKIE = DelegatedSessionFilter.DEFAULT_COOKIE_NAME;
    /** Well-formed (43 characters of base64url) but never issued. */
    /** A Set-Cookie that makes the browser drop the cookie at once: Max-Age=0, or (as Jetty writes it) an Expires in the past. */
    private static final java.util.regex.Pattern EXPIRED =
            java.util.regex.Pattern.compile(".*(Max-Age=0|Expires=Thu, 01 Jan 1970 00:00:00 GMT).*");
    private static final String UNKNOWN_TOKEN = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private final DelegationWorld world = new DelegationWorld();
    private final List<String> issuedTokens = new ArrayList<>();
    private final List<FilteredServer> servers = new ArrayList<>();
    private final List<LogRecord> logged = new ArrayList<>();
    // Held here: java.util.logging keeps loggers only weakly.
    private final Logger filterLogger = Logger.getLogger(DelegatedSessionFilter.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logged) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureTheFiltersLog() {
        capture.setLevel(Level.ALL);
        filterLogger.addHandler(capture);
    }

    @AfterEach
    void noResponseAndNoLogLineShowedAToken() throws Exception {
        filterLogger.removeHandler(capture);
        for (FilteredServer server : servers) {
            server.close();
        }
        List<String> shown = new ArrayList<>();
        for (FilteredServer server : servers) {
            for (HttpResponse<String> response : server.responses) {
                shown.add(response.body());
                response.headers().map().forEach((name, values) -> shown.add(name + ": " + String.join(", ", values)));
            }
        }
        synchronized (logged) {
            for (LogRecord record : logged) {
                shown.add(record.getMessage());
                if (record.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    record.getThrown().printStackTrace(new PrintWriter(trace));
                    shown.add(trace.toString());
                }
            }
        }
        for (String token : issuedTokens) {
            assertThat(shown).as("responses and log lines").noneMatch(text -> text.contains(token));
        }
    }

    // ------------------------------------------------------------------ the happy paths

    @Test
    void aValidCookieReachesTheServletWithTheDelegatedPrincipalTheSubjectTheActorTheExpiryAndTheRoles() throws Exception {
        IssuedSession login = login("jane@acme.example", "billing:read");
        FilteredServer server = serve(defaultFilter());

        HttpResponse<String> response = server.get("/console", "Cookie", COOKIE + "=" + token(login));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(
                "session.id: " + login.session().id().value(),
                "session.customerTenant: initech",
                "session.subject: admin@initech.example",
                "session.actorTenant: acme",
                "session.actorUser: jane@acme.example",
                "session.expiresAt: " + login.session().expiresAt(),
                "session.roles: billing:read\n",
                "session.hasRole(billing:read): true",
                "principal.tenant: initech",
                "principal.user: jane@acme.example",
                "principal.role: ADMINISTRATOR",
                "principal.delegated: true",
                "principal.actingPartner: acme",
                "principal is the session's own: true",
                "sessionOf is the attribute: true",
                "principalOf is the attribute: true",
                // The host's own authentication is left alone.
                "userPrincipal: null");
        assertThat(login.session().expiresAt()).isEqualTo(world.clock.instant().plus(DelegationSettings.DEFAULT_SESSION_TTL));
        assertThat(server.reached).hasValue(1);
    }

    @Test
    void aValidBearerHeaderReachesTheServletWithTheDelegatedPrincipalAndItsSession() throws Exception {
        IssuedSession login = login("jane@acme.example");
        FilteredServer server = serve(defaultFilter());

        HttpResponse<String> response = server.get("/api/invoices", "Authorization", "Bearer " + token(login));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(
                "session.id: " + login.session().id().value(),
                "session.subject: admin@initech.example",
                "session.actorTenant: acme",
                "session.actorUser: jane@acme.example",
                "session.expiresAt: " + login.session().expiresAt(),
                "session.roles: billing:read support:tickets",
                "principal.tenant: initech",
                "principal.delegated: true",
                "principal is the session's own: true");
        assertThat(server.reached).hasValue(1);
    }

    @Test
    void theBearerSchemeIsReadWhateverItsCaseAndSpacing() throws Exception {
        IssuedSession login = login("jane@acme.example");
        FilteredServer server = serve(defaultFilter());

        assertThat(server.get("/", "Authorization", "bearer " + token(login)).body()).contains("principal.delegated: true");
        assertThat(server.get("/", "Authorization", "BEARER   " + token(login) + "  ").body()).contains("principal.delegated: true");
    }

    @Test
    void rolesTheCustomerCutAreGoneFromTheSessionOnItsNextRequest() throws Exception {
        IssuedSession login = login("jane@acme.example");
        FilteredServer server = serve(defaultFilter());
        assertThat(server.get("/", "Authorization", "Bearer " + token(login)).body())
                .contains("session.roles: billing:read support:tickets");

        world.delegation.restrictPartnerAccess(customerAdmin(), Set.of(RoleKey.of("billing:read")), Optional.empty());

        assertThat(server.get("/", "Authorization", "Bearer " + token(login)).body()).contains("session.roles: billing:read\n");
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void anUnknownOrMalformedBearerTokenOrCookieUnderADelegatedOnlyPathGets401WithInvalidTokenAndNothingReachesTheServlet()
            throws Exception {
        FilteredServer server = serve(DelegatedSessionFilter.builder(world.delegation).delegatedOnly("/console").build());

        for (String[] headers : List.of(
                new String[] {"Authorization", "Bearer " + UNKNOWN_TOKEN},
                new String[] {"Cookie", COOKIE + "=" + UNKNOWN_TOKEN},
                new String[] {"Authorization", "Bearer not-a-token"},
                new String[] {"Authorization", "Bearer"},
                new String[] {"Cookie", COOKIE + "=x"})) {
            HttpResponse<String> response = server.get("/console", headers);

            assertThat(response.statusCode()).as(String.join(": ", headers)).isEqualTo(401);
            assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer error=\"invalid_token\"");
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(response.body()).isEqualTo("The delegated session is not valid or has ended.\n");
        }
        assertThat(server.reached).hasValue(0);
    }

    @Test
    void aSessionTheUserEndedGets401AndNothingReachesTheServlet() throws Exception {
        IssuedSession login = login("jane@acme.example");
        FilteredServer server = serve(delegatedOnlyEverywhere());
        assertThat(server.get("/", "Cookie", COOKIE + "=" + token(login)).statusCode()).isEqualTo(200);

        assertThat(world.delegation.endSession(token(login))).isTrue();

        assertRefusedAsInvalid(server.get("/", "Cookie", COOKIE + "=" + token(login)));
        assertRefusedAsInvalid(server.get("/", "Authorization", "Bearer " + token(login)));
        assertThat(server.reached).hasValue(1);
    }

    @Test
    void anExpiredSessionGets401AndNothingReachesTheServlet() throws Exception {
        IssuedSession login = login("jane@acme.example");
        FilteredServer server = serve(delegatedOnlyEverywhere());

        world.clock.advance(DelegationSettings.DEFAULT_SESSION_TTL.plusSeconds(1));

        assertRefusedAsInvalid(server.get("/", "Authorization", "Bearer " + token(login)));
        assertRefusedAsInvalid(server.get("/", "Cookie", COOKIE + "=" + token(login)));
        assertThat(server.reached).hasValue(0);
    }

    @Test
    void aSessionWhosePartnerWasRemovedGets401() throws Exception {
        IssuedSession login = login("jane@acme.example");
        FilteredServer server = serve(defaultFilter());

        world.delegation.deleteAccount(world.partnerUser("jane@acme.example"), world.delegationId);

        assertRefusedAsInvalid(server.get("/", "Authorization", "Bearer " + token(login)));
        assertThat(server.reached).hasValue(0);
    }

    @Test
    void aRefusedCookieIsClearedSoThatTheBrowserStopsSendingIt() throws Exception {
        FilteredServer server = serve(DelegatedSessionFilter.builder(world.delegation).cookieName(COOKIE).cookiePath("/customer")
                .delegatedOnly("/customer").build());

        HttpResponse<String> response = server.get("/customer/home", "Cookie", COOKIE + "=" + UNKNOWN_TOKEN);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("Set-Cookie")).singleElement().satisfies(cookie -> assertThat(cookie)
                .startsWith(COOKIE + "=;")
                .matches(EXPIRED)
                .contains("Path=/customer", "HttpOnly", "SameSite=Lax")
                .doesNotContain(UNKNOWN_TOKEN));
        // A refused header token leaves the cookies alone: the client did not send one.
        assertThat(server.get("/", "Authorization", "Bearer " + UNKNOWN_TOKEN).headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void withARedirectConfiguredARefusedCookieIsSentToTheHostsPageAndCleared() throws Exception {
        IssuedSession login = login("jane@acme.example");
        world.delegation.endSession(token(login));
        FilteredServer server = serve(DelegatedSessionFilter.builder(world.delegation).redirectOnRefusal("/sign-in")
                .delegatedOnly("/customer").build());

        HttpResponse<String> response = server.get("/customer/home", "Cookie", COOKIE + "=" + token(login));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in"));
        assertThat(response.headers().allValues("Set-Cookie")).singleElement().satisfies(c -> assertThat(c).startsWith(COOKIE + "=;").matches(EXPIRED));
        assertThat(server.reached).hasValue(0);
    }

    @Test
    void withARedirectConfiguredABearerClientStillGets401() throws Exception {
        FilteredServer server = serve(DelegatedSessionFilter.builder(world.delegation).redirectOnRefusal("/sign-in").build());

        assertRefusedAsInvalid(server.get("/api/invoices", "Authorization", "Bearer " + UNKNOWN_TOKEN));
        assertThat(server.reached).hasValue(0);
    }

    // ------------------------------------------------------------------ no token

    @Test
    void aRequestWithoutATokenPassesUntouchedForTheHostsOwnAuthentication() throws Exception {
        FilteredServer server = serve(defaultFilter());

        HttpResponse<String> response = server.get("/own-tenant/settings",
                "Cookie", "JSESSIONID=host-session; other=1", "Authorization", "Basic dXNlcjpwYXNz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("session: none", "sessionOf: false", "principalOf: false");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(server.reached).hasValue(1);
    }

    @Test
    void inRequiredModeARequestWithoutATokenGets401WithABareBearerChallenge() throws Exception {
        IssuedSession login = login("jane@acme.example");
        FilteredServer server = serve(DelegatedSessionFilter.builder(world.delegation).required(true).build());

        HttpResponse<String> response = server.get("/customer/home");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer");
        assertThat(response.body()).isEqualTo("A delegated session is required.\n");
        assertThat(server.reached).hasValue(0);
        // A valid session still passes.
        assertThat(server.get("/customer/home", "Cookie", COOKIE + "=" + token(login)).statusCode()).isEqualTo(200);
        assertThat(server.reached).hasValue(1);
    }

    @Test
    void inRequiredModeWithARedirectARequestWithoutATokenIsSentToTheHostsPage() throws Exception {
        FilteredServer server = serve(DelegatedSessionFilter.builder(world.delegation).required(true)
                .redirectOnRefusal("https://app.example/sign-in?next=customer").build());

        HttpResponse<String> response = server.get("/customer/home");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).contains("https://app.example/sign-in?next=customer");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(server.reached).hasValue(0);
    }

    @Test
    void aTokenInTheQueryStringIsNeverRead() throws Exception {
        IssuedSession login = login("jane@acme.example");
        String query = "?access_token=" + token(login) + "&token=" + token(login) + "&" + COOKIE + "=" + token(login);
        FilteredServer lenient = serve(defaultFilter());
        FilteredServer required = serve(DelegatedSessionFilter.builder(world.delegation).required(true).build());

        HttpResponse<String> passed = lenient.get("/console" + query);
        HttpResponse<String> refused = required.get("/console" + query);

        assertThat(passed.statusCode()).isEqualTo(200);
        assertThat(passed.body()).contains("session: none");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().allValues("WWW-Authenticate")).containsExactly("Bearer");
        assertThat(required.reached).hasValue(0);
    }

    // ------------------------------------------------------------------ header and cookie

    @Test
    void whenBothCarryATokenTheHeaderWins() throws Exception {
        IssuedSession jane = login("jane@acme.example");
        IssuedSession joe = login("joe@acme.example");
        FilteredServer server = serve(defaultFilter());

        HttpResponse<String> response = server.get("/", "Authorization", "Bearer " + token(jane), "Cookie", COOKIE + "=" + token(joe));

        assertThat(response.body()).contains("session.id: " + jane.session().id().value(), "session.actorUser: jane@acme.example")
                .doesNotContain("joe@acme.example");
    }

    @Test
    void anInvalidHeaderIsRefusedEvenWhenTheCookieIsValid() throws Exception {
        IssuedSession joe = login("joe@acme.example");
        FilteredServer server = serve(defaultFilter());

        HttpResponse<String> response = server.get("/", "Authorization", "Bearer " + UNKNOWN_TOKEN, "Cookie", COOKIE + "=" + token(joe));

        assertRefusedAsInvalid(response);
        // The valid cookie is not cleared: the refused token was the header's.
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(server.reached).hasValue(0);
    }

    @Test
    void anAuthorizationHeaderOfAnotherSchemeIsLeftToTheHostAndTheCookieIsRead() throws Exception {
        IssuedSession joe = login("joe@acme.example");
        FilteredServer server = serve(defaultFilter());

        HttpResponse<String> response = server.get("/", "Authorization", "Basic dXNlcjpwYXNz", "Cookie", COOKIE + "=" + token(joe));

        assertThat(response.body()).contains("session.actorUser: joe@acme.example");
    }

    @Test
    void theCookieIsReadUnderTheNameTheHostConfiguredAndAmongOtherCookies() throws Exception {
        IssuedSession jane = login("jane@acme.example");
        FilteredServer server = serve(DelegatedSessionFilter.builder(world.delegation).cookieName("acting_as").build());

        assertThat(server.get("/", "Cookie", "JSESSIONID=abc; acting_as=" + token(jane) + "; theme=dark").body())
                .contains("session.actorUser: jane@acme.example");
        assertThat(server.get("/", "Cookie", COOKIE + "=" + token(jane)).body()).contains("session: none");
    }

    @Test
    void aSourceSwitchedOffIsNotRead() throws Exception {
        IssuedSession jane = login("jane@acme.example");
        FilteredServer cookieOnly = serve(DelegatedSessionFilter.builder(world.delegation).readAuthorizationHeader(false).build());
        FilteredServer headerOnly = serve(DelegatedSessionFilter.builder(world.delegation).readCookie(false).build());

        assertThat(cookieOnly.get("/", "Authorization", "Bearer " + token(jane)).body()).contains("session: none");
        assertThat(cookieOnly.get("/", "Authorization", "Bearer host-own-jwt").statusCode()).isEqualTo(200);
        assertThat(cookieOnly.get("/", "Cookie", COOKIE + "=" + token(jane)).body()).contains("session.actorUser: jane@acme.example");
        assertThat(headerOnly.get("/", "Cookie", COOKIE + "=" + token(jane)).body()).contains("session: none");
        assertThat(headerOnly.get("/", "Authorization", "Bearer " + token(jane)).body()).contains("session.actorUser: jane@acme.example");
    }

    // ------------------------------------------------------------------ failures of the check

    @Test
    void storageUnavailableGets503WithRetryAfterAndNoStackTraceAndIsLogged() throws Exception {
        IssuedSession login = login("jane@acme.example");
        FilteredServer byDefault = serve(defaultFilter());
        FilteredServer configured = serve(DelegatedSessionFilter.builder(world.delegation).retryAfter(Duration.ofSeconds(30)).build());
        world.sessions.databaseDown();

        HttpResponse<String> response = byDefault.get("/", "Authorization", "Bearer " + token(login));
        HttpResponse<String> viaCookie = configured.get("/", "Cookie", COOKIE + "=" + token(login));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("10");
        assertThat(response.body()).isEqualTo("The service is unavailable for a moment. Try again shortly.\n");
        assertThat(viaCookie.statusCode()).isEqualTo(503);
        assertThat(viaCookie.headers().firstValue("Retry-After")).contains("30");
        // An outage is not the token's fault: the cookie stays.
        assertThat(viaCookie.headers().allValues("Set-Cookie")).isEmpty();
        for (HttpResponse<String> r : List.of(response, viaCookie)) {
            assertThat(r.body()).doesNotContain("Exception", "\tat ", "db.internal", "could not be reached", "STORAGE");
        }
        assertThat(byDefault.reached).hasValue(0);
        assertThat(configured.reached).hasValue(0);
        assertThat(logged).hasSize(2).allSatisfy(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.WARNING);
            assertThat(record.getMessage()).contains("503", "STORAGE_UNAVAILABLE");
            assertThat(record.getThrown()).isInstanceOf(DelegationException.class);
        });
    }

    @Test
    void anyOtherFailureOfTheCheckGets500WithoutAStackTraceAndNeverLetsTheRequestThrough() throws Exception {
        IssuedSession login = login("jane@acme.example");
        FilteredServer server = serve(defaultFilter());
        world.sessions.failWith(new IllegalStateException("bug in the host's session issuer"));

        HttpResponse<String> response = server.get("/", "Authorization", "Bearer " + token(login));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("The delegated session could not be checked.\n");
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        assertThat(server.reached).hasValue(0);
        assertThat(logged).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(record.getThrown()).hasMessage("bug in the host's session issuer");
        });
    }

    // ------------------------------------------------------------------ what the attributes can be trusted for

    @Test
    void attributesSetBeforeTheFilterNeverSurviveARequestWithoutAValidToken() throws Exception {
        IssuedSession jane = login("jane@acme.example");
        IssuedSession joe = login("joe@acme.example");
        // Something in front of the filter (a forward, a misconfigured filter) put Joe's session on every request.
        Filter planting = (request, response, chain) -> {
            request.setAttribute(DelegatedSessionFilter.SESSION_ATTRIBUTE, joe.session());
            request.setAttribute(DelegatedSessionFilter.PRINCIPAL_ATTRIBUTE, Principal.administrator(
                    world.customer.id(), UserId.of("joe@acme.example")));
            chain.doFilter(request, response);
        };
        FilteredServer server = serve(planting, defaultFilter());

        assertThat(server.get("/").body()).contains("session: none");
        assertThat(server.get("/", "Authorization", "Bearer " + token(jane)).body())
                .contains("session.actorUser: jane@acme.example", "principal is the session's own: true");
    }

    @Test
    void sessionOfAndPrincipalOfAreEmptyForARequestTheFilterDidNotVouchFor() {
        HttpServletRequest bare = (HttpServletRequest) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> method.getName().equals("getAttribute")
                        ? "something else" : null);

        assertThat(DelegatedSessionFilter.sessionOf(bare)).isEmpty();
        assertThat(DelegatedSessionFilter.principalOf(bare)).isEmpty();
    }

    @Test
    void oneFilterServesConcurrentRequestsEachWithItsOwnSession() throws Exception {
        IssuedSession jane = login("jane@acme.example");
        IssuedSession joe = login("joe@acme.example");
        FilteredServer server = serve(defaultFilter());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                IssuedSession who = i % 3 == 0 ? null : i % 3 == 1 ? jane : joe;
                answers.add(pool.submit(() -> {
                    if (who == null) {
                        return server.get("/").body().contains("session: none");
                    }
                    String body = server.get("/", "Authorization", "Bearer " + token(who)).body();
                    return body.contains("session.id: " + who.session().id().value() + "\n")
                            && body.contains("session.actorUser: " + who.session().actorUser().value() + "\n");
                }));
            }
            for (Future<Boolean> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.reached).hasValue(200);
    }

    @Test
    void theTokenNeverAppearsInAnyAnswerOfTheFilter() throws Exception {
        IssuedSession login = login("jane@acme.example");
        FilteredServer server = serve(DelegatedSessionFilter.builder(world.delegation).redirectOnRefusal("/sign-in")
                .delegatedOnly("/console").build());

        server.get("/", "Authorization", "Bearer " + token(login));                            // passes
        world.delegation.endSession(token(login));
        server.get("/", "Authorization", "Bearer " + token(login));                            // 401
        server.get("/console", "Cookie", COOKIE + "=" + token(login));                         // redirect, cookie cleared
        server.get("/", "Cookie", COOKIE + "=" + token(login));                                // passes, cookie cleared
        world.sessions.databaseDown();
        server.get("/", "Cookie", COOKIE + "=" + token(login));                                // 503

        assertThat(server.responses).extracting(HttpResponse::statusCode).containsExactly(200, 401, 302, 200, 503);
        // What is checked after every test, here over every kind of answer.
        for (HttpResponse<String> response : server.responses) {
            assertThat(response.body()).doesNotContain(token(login));
            assertThat(response.headers().map().toString()).doesNotContain(token(login));
        }
    }

    // ------------------------------------------------------------------ cookies someone else planted

    @Test
    void aBadCookiePlantedAtPartnerAccessNoLongerLocksTheUserOutOfPartnerAccessOrSignOut() throws Exception {
        IssuedSession ended = login("jane@acme.example");
        world.delegation.endSession(token(ended));
        FilteredServer demo = serve(demoFilter());
        FilteredServer byDefault = serve(defaultFilter());

        // A cookie set with Path=/partner-access: the browser sends it with every request under that path,
        // in the same Cookie header as the host's own cookies, and does not say its path.
        for (String planted : List.of(UNKNOWN_TOKEN, token(ended), "x")) {
            for (String path : List.of("/partner-access", "/partner-access/sessions/1/end", "/sign-out")) {
                for (FilteredServer server : List.of(demo, byDefault)) {
                    HttpResponse<String> response = server.get(path, "Cookie", "JSESSIONID=host-session; " + COOKIE + "=" + planted);

                    assertPassedWithoutADelegatedIdentity(response);
                    // Cleared at the filter's own path; the planted one (at /partner-access) stays, and passes again.
                    assertClearsTheCookieAtTheRoot(response, COOKIE);
                }
            }
        }
        assertThat(demo.reached).hasValue(9);
        assertThat(byDefault.reached).hasValue(9);
    }

    @Test
    void underADelegatedOnlyPathABadCookieIsStillRefusedAndElsewhereItPasses() throws Exception {
        FilteredServer refusing = serve(DelegatedSessionFilter.builder(world.delegation).delegatedOnly("/console/").build());
        FilteredServer redirecting = serve(demoFilter());
        String bad = COOKIE + "=" + UNKNOWN_TOKEN;

        for (String path : List.of("/console", "/console/", "/console/end-session")) {
            HttpResponse<String> refused = refusing.get(path, "Cookie", bad);
            assertRefusedAsInvalid(refused);
            assertClearsTheCookieAtTheRoot(refused, COOKIE);
            HttpResponse<String> redirected = redirecting.get(path, "Cookie", bad);
            assertThat(redirected.statusCode()).isEqualTo(302);
            assertThat(redirected.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/session-ended"));
            assertClearsTheCookieAtTheRoot(redirected, COOKIE);
        }
        assertThat(refusing.reached).hasValue(0);
        assertThat(redirecting.reached).hasValue(0);
        // Just outside the prefix: a path that only starts with the same letters, its parent, a sibling.
        for (String path : List.of("/consoles", "/console-help", "/", "/session-ended", "/partner-access")) {
            assertPassedWithoutADelegatedIdentity(refusing.get(path, "Cookie", bad));
            assertPassedWithoutADelegatedIdentity(redirecting.get(path, "Cookie", bad));
        }
        // Without any token a delegated-only path still passes, for the host to answer (required mode refuses it).
        assertPassedWithoutADelegatedIdentity(refusing.get("/console"));
    }

    @Test
    void inRequiredModeABadCookieIsRefusedOnEveryPath() throws Exception {
        FilteredServer server = serve(DelegatedSessionFilter.builder(world.delegation).required(true).build());

        HttpResponse<String> response = server.get("/partner-access", "Cookie", COOKIE + "=" + UNKNOWN_TOKEN);

        assertRefusedAsInvalid(response);
        assertClearsTheCookieAtTheRoot(response, COOKIE);
        assertThat(server.reached).hasValue(0);
    }

    @Test
    void aBadBearerTokenIsStill401OnEveryPathAndAnOutageStill503() throws Exception {
        IssuedSession login = login("jane@acme.example");
        FilteredServer server = serve(demoFilter());

        for (String path : List.of("/partner-access", "/sign-out", "/console")) {
            HttpResponse<String> response = server.get(path, "Authorization", "Bearer " + UNKNOWN_TOKEN);
            assertRefusedAsInvalid(response);
            assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        }
        world.sessions.databaseDown();
        for (String[] headers : List.of(new String[] {"Cookie", COOKIE + "=" + token(login)},
                new String[] {"Cookie", COOKIE + "=" + UNKNOWN_TOKEN}, new String[] {"Authorization", "Bearer " + token(login)})) {
            HttpResponse<String> response = server.get("/partner-access", headers);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).contains("10");
            assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        }
        assertThat(server.reached).hasValue(0);
    }

    @Test
    void aPlantedBadCookieNextToAGoodOneNeitherHidesItNorGetsItCleared() throws Exception {
        IssuedSession jane = login("jane@acme.example");
        IssuedSession ended = login("jane@acme.example");
        world.delegation.endSession(token(ended));
        FilteredServer server = serve(demoFilter());

        for (String planted : List.of(UNKNOWN_TOKEN, token(ended), "x")) {
            for (String cookies : List.of(
                    COOKIE + "=" + planted + "; " + COOKIE + "=" + token(jane),      // the planted one's longer path comes first
                    COOKIE + "=" + token(jane) + "; " + COOKIE + "=" + planted)) {
                for (String path : List.of("/partner-access", "/console")) {
                    HttpResponse<String> response = server.get(path, "Cookie", cookies);

                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.body()).contains("session.id: " + jane.session().id().value(), "principal is the session's own: true");
                    assertThat(response.headers().allValues("Set-Cookie")).as("the good cookie is kept").isEmpty();
                }
            }
        }
    }

    @Test
    void twoCookiesOpeningTwoLiveSessionsActAsNeitherAndClearNothing() throws Exception {
        IssuedSession jane = login("jane@acme.example");
        // Joe's session planted next to Jane's, so that she would act in his.
        IssuedSession joe = login("joe@acme.example");
        FilteredServer server = serve(demoFilter());
        String both = COOKIE + "=" + token(joe) + "; " + COOKIE + "=" + token(jane);

        HttpResponse<String> elsewhere = server.get("/partner-access", "Cookie", both);
        HttpResponse<String> console = server.get("/console", "Cookie", both);

        assertPassedWithoutADelegatedIdentity(elsewhere);
        assertThat(elsewhere.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(console.statusCode()).isEqualTo(302);
        assertThat(console.headers().allValues("Set-Cookie")).isEmpty();
        // The same session twice is one session.
        assertThat(server.get("/console", "Cookie", COOKIE + "=" + token(jane) + "; " + COOKIE + "=" + token(jane)).body())
                .contains("session.id: " + jane.session().id().value());
    }

    @Test
    void upToEightDistinctCookieTokensAreCheckedAndWithMoreNoneIsLookedUpNorActsNorIsCleared() throws Exception {
        IssuedSession jane = login("jane@acme.example");
        FilteredServer server = serve(demoFilter());
        assertThat(DelegatedSessionFilter.MAX_COOKIE_TOKENS).isEqualTo(8);

        for (int bad = 6; bad <= 8; bad++) {
            StringBuilder cookies = new StringBuilder();
            for (int i = 0; i < bad; i++) {
                cookies.append(COOKIE).append('=').append(unknownToken(i)).append("; ");
            }
            int before = world.sessions.lookups.get();
            HttpResponse<String> response = server.get("/console", "Cookie", cookies + COOKIE + "=" + token(jane));

            if (bad < 8) {
                // Jane's is the 7th, then the 8th: checked.
                assertThat(response.body()).as(bad + " bad before it").contains("session.id: " + jane.session().id().value());
                assertThat(world.sessions.lookups.get() - before).isEqualTo(bad + 1);
            } else {
                // Nine: none is looked up, so none acts (a planted live one could hide among them); refused under the
                // delegated-only path, but not cleared, since the good one might be among them.
                assertThat(response.statusCode()).isEqualTo(302);
                assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
                assertThat(world.sessions.lookups.get() - before).isZero();
            }
        }
        // A live session planted ahead of the good one, among more than eight, does not act either.
        IssuedSession joe = login("joe@acme.example");
        StringBuilder sevenAndJoe = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            sevenAndJoe.append(COOKIE).append('=').append(unknownToken(i)).append("; ");
        }
        sevenAndJoe.append(COOKIE).append('=').append(token(joe)).append("; ");
        assertPassedWithoutADelegatedIdentity(server.get("/partner-access", "Cookie", sevenAndJoe + COOKIE + "=" + token(jane)));
        // Eight bad ones were all checked: cleared. Nine: not.
        StringBuilder eight = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            eight.append(COOKIE).append('=').append(unknownToken(i)).append("; ");
        }
        assertClearsTheCookieAtTheRoot(server.get("/partner-access", "Cookie", eight.toString()), COOKIE);
        HttpResponse<String> nine = server.get("/partner-access", "Cookie", eight + COOKIE + "=" + unknownToken(8));
        assertPassedWithoutADelegatedIdentity(nine);
        assertThat(nine.headers().allValues("Set-Cookie")).isEmpty();
        // Copies of one value are one token: twenty of them do not hide the good one.
        String copies = (COOKIE + "=" + UNKNOWN_TOKEN + "; ").repeat(20);
        int before = world.sessions.lookups.get();
        assertThat(server.get("/console", "Cookie", copies + COOKIE + "=" + token(jane)).body())
                .contains("session.id: " + jane.session().id().value());
        assertThat(world.sessions.lookups.get() - before).isEqualTo(2);
    }

    // ------------------------------------------------------------------ the cookie's name: __Host- over HTTPS

    @Test
    void overASecureRequestTheStandardCookieIsTheHostPrefixedOneAndIsWrittenSecure() throws Exception {
        IssuedSession jane = login("jane@acme.example");
        FilteredServer server = serve(demoFilter());
        String secure = DelegatedSessionCookie.SECURE_NAME;
        assertThat(secure).isEqualTo("__Host-pd_delegated_session");

        // The proxy in front said the client used HTTPS.
        HttpResponse<String> read = server.get("/console", "X-Forwarded-Proto", "https", "Cookie", secure + "=" + token(jane));
        assertThat(read.body()).contains("secure: true", "session.id: " + jane.session().id().value());
        // Over HTTPS the plain name is not the filter's: anyone on the domain could have set it.
        HttpResponse<String> plainNameOverHttps = server.get("/console", "X-Forwarded-Proto", "https", "Cookie", COOKIE + "=" + token(jane));
        assertPassedWithoutADelegatedIdentity(plainNameOverHttps);
        assertThat(plainNameOverHttps.headers().allValues("Set-Cookie")).isEmpty();
        // Over plain HTTP (local development) the plain name, and only it.
        assertThat(server.get("/console", "Cookie", COOKIE + "=" + token(jane)).body())
                .contains("secure: false", "session.id: " + jane.session().id().value());
        assertPassedWithoutADelegatedIdentity(server.get("/console", "Cookie", secure + "=" + token(jane)));

        // A bad one over HTTPS is cleared under the __Host- rules: Secure, Path=/, no Domain.
        HttpResponse<String> bad = server.get("/partner-access", "X-Forwarded-Proto", "https", "Cookie", secure + "=" + UNKNOWN_TOKEN);
        assertPassedWithoutADelegatedIdentity(bad);
        assertClearsTheCookieAtTheRoot(bad, secure);
        assertThat(bad.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("Secure"));
        HttpResponse<String> badOverHttp = server.get("/partner-access", "Cookie", COOKIE + "=" + UNKNOWN_TOKEN);
        assertClearsTheCookieAtTheRoot(badOverHttp, COOKIE);
        assertThat(badOverHttp.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).doesNotContain("Secure"));
    }

    @Test
    void theHostsLoginAndSignOutWriteTheFiltersCookieWithTheHelper() throws Exception {
        FilteredServer server = serve(demoFilter());
        // Never issued: the token of a login is meant to be in its Set-Cookie, which the check after each test would see.
        String token = unknownToken(1);

        HttpResponse<String> secureLogin = server.get("/login-cookie", "X-Forwarded-Proto", "https", "X-Token", token);
        HttpResponse<String> plainLogin = server.get("/login-cookie", "X-Token", token);
        HttpResponse<String> secureSignOut = server.get("/sign-out-cookie", "X-Forwarded-Proto", "https");

        assertThat(secureLogin.headers().allValues("Set-Cookie")).singleElement().satisfies(c -> assertThat(c)
                .startsWith("__Host-pd_delegated_session=" + token + ";")
                .contains("Path=/;", "Secure", "HttpOnly", "SameSite=Lax")
                .doesNotContainIgnoringCase("Domain").doesNotContain("Max-Age", "Expires"));
        assertThat(plainLogin.headers().allValues("Set-Cookie")).singleElement().satisfies(c -> assertThat(c)
                .startsWith("pd_delegated_session=" + token + ";")
                .contains("Path=/", "HttpOnly", "SameSite=Lax")
                .doesNotContain("Secure", "Max-Age", "Expires"));
        assertClearsTheCookieAtTheRoot(secureSignOut, "__Host-pd_delegated_session");
        // A named cookie keeps its name over HTTPS, and is written Secure there.
        FilteredServer named = serve(DelegatedSessionFilter.builder(world.delegation).cookieName("acting_as").build());
        assertThat(named.get("/login-cookie", "X-Forwarded-Proto", "https", "X-Token", token).headers().allValues("Set-Cookie"))
                .singleElement().satisfies(c -> assertThat(c).startsWith("acting_as=" + token + ";").contains("Secure"));
    }

    // ------------------------------------------------------------------ the builder

    @Test
    void theBuilderRefusesSettingsThatCannotWork() {
        DelegatedSessionFilter.Builder builder = DelegatedSessionFilter.builder(world.delegation);

        assertInvalidInput(() -> builder.cookieName(""));
        assertInvalidInput(() -> builder.cookieName("my cookie"));
        assertInvalidInput(() -> builder.cookieName("a;b"));
        assertInvalidInput(() -> builder.cookiePath("customer"));
        assertInvalidInput(() -> builder.redirectOnRefusal(" "));
        assertInvalidInput(() -> builder.redirectOnRefusal("/sign-in\r\nSet-Cookie: x=y"));
        assertInvalidInput(() -> builder.retryAfter(Duration.ofMillis(500)));
        assertInvalidInput(() -> builder.retryAfter(Duration.ofDays(2)));
        assertInvalidInput(() -> DelegatedSessionFilter.builder(world.delegation).readCookie(false).readAuthorizationHeader(false).build());
        assertThatThrownBy(() -> DelegatedSessionFilter.builder(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.cookieName(null)).isInstanceOf(NullPointerException.class);
        assertThat(builder.cookieName("__Host-pd_delegated_session").required(true).build().toString())
                .isEqualTo("DelegatedSessionFilter[Authorization: Bearer, cookie __Host-pd_delegated_session, required]");
    }

    @Test
    void theBuilderRefusesDelegatedOnlyPathsAndCookiePathsThatCannotWork() {
        DelegatedSessionFilter.Builder builder = DelegatedSessionFilter.builder(world.delegation);

        assertInvalidInput(() -> builder.delegatedOnly("console"));
        assertInvalidInput(() -> builder.delegatedOnly("/console", ""));
        assertInvalidInput(() -> builder.delegatedOnly("/console?x"));
        assertInvalidInput(() -> builder.delegatedOnly("/console;jsessionid=1"));
        assertInvalidInput(() -> builder.delegatedOnly("/con\nsole"));
        assertThatThrownBy(() -> builder.delegatedOnly((String) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.delegatedOnly((String[]) null)).isInstanceOf(NullPointerException.class);
        // The standard cookie is a __Host- cookie on HTTPS, which a browser takes with Path=/ only.
        assertInvalidInput(() -> DelegatedSessionFilter.builder(world.delegation).cookiePath("/customer").build());
        assertInvalidInput(() -> DelegatedSessionFilter.builder(world.delegation).cookiePath("/customer").cookieName("__Host-x").build());
        assertInvalidInput(() -> DelegatedSessionCookie.standard().withPath("/customer"));
        assertInvalidInput(() -> DelegatedSessionCookie.named("__Host-x").withPath("/customer"));
        assertThat(DelegatedSessionFilter.builder(world.delegation).cookiePath("/customer").cookieName("acting_as").build().cookie())
                .isEqualTo(DelegatedSessionCookie.named("acting_as").withPath("/customer"));
        assertThat(DelegatedSessionFilter.builder(world.delegation).cookieName("acting_as").cookie(DelegatedSessionCookie.standard())
                .build().cookie()).isEqualTo(DelegatedSessionCookie.standard());

        assertThat(DelegatedSessionFilter.builder(world.delegation).build().toString()).isEqualTo(
                "DelegatedSessionFilter[Authorization: Bearer, cookie __Host-pd_delegated_session (secure) or pd_delegated_session]");
        assertThat(builder.delegatedOnly("/console/", "/").redirectOnRefusal("/session-ended").build().toString()).isEqualTo(
                "DelegatedSessionFilter[Authorization: Bearer, cookie __Host-pd_delegated_session (secure) or pd_delegated_session,"
                        + " delegated-only /console /, redirects to /session-ended]");
    }

    @Test
    void theCookieHelperRefusesATokenThatCannotBeACookieValueWithoutShowingIt() {
        DelegatedSessionCookie cookie = DelegatedSessionCookie.standard();

        for (String bad : List.of("", " ", "abc def", "abc;def", "abc,def", "abc\"def", "abc\\def", "abc\r\nSet-Cookie: x=y", "abcé")) {
            assertThatThrownBy(() -> cookie.issue(request(false), bad)).as(bad).isInstanceOfSatisfying(DelegationException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                if (!bad.isBlank()) {
                    assertThat(e.getMessage()).doesNotContain(bad);
                }
            });
        }
        assertThatThrownBy(() -> cookie.issue(request(false), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> cookie.issue(null, UNKNOWN_TOKEN)).isInstanceOf(NullPointerException.class);
        assertThat(cookie.issue(request(false), UNKNOWN_TOKEN).getValue()).isEqualTo(UNKNOWN_TOKEN);
    }

    // ------------------------------------------------------------------ helpers

    private DelegatedSessionFilter defaultFilter() {
        return DelegatedSessionFilter.builder(world.delegation).build();
    }

    /** A bad cookie is refused on every path, as before cookies planted elsewhere were thought of. */
    private DelegatedSessionFilter delegatedOnlyEverywhere() {
        return DelegatedSessionFilter.builder(world.delegation).delegatedOnly("/").build();
    }

    /** The web demo's filter: its console is delegated-only, and a refused browser goes to the "session ended" page. */
    private DelegatedSessionFilter demoFilter() {
        return DelegatedSessionFilter.builder(world.delegation).delegatedOnly("/console").redirectOnRefusal("/session-ended").build();
    }

    /** A well-formed token (43 characters of base64url) that was never issued, one per number. */
    private static String unknownToken(int number) {
        return String.format("%03d", number) + "A".repeat(40);
    }

    /** A request that is not secure (plain HTTP), or is, for the cookie helper's checks outside a server. */
    private static HttpServletRequest request(boolean secure) {
        return (HttpServletRequest) java.lang.reflect.Proxy.newProxyInstance(DelegatedSessionFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> method.getName().equals("isSecure") ? secure : null);
    }

    private static void assertPassedWithoutADelegatedIdentity(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("reached the servlet", "session: none", "sessionOf: false", "principalOf: false");
    }

    /** The filter's Set-Cookie that makes the browser forget its cookie at Path=/, and nothing else. */
    private static void assertClearsTheCookieAtTheRoot(HttpResponse<String> response, String name) {
        assertThat(response.headers().allValues("Set-Cookie")).singleElement().satisfies(cookie -> assertThat(cookie)
                .startsWith(name + "=;").matches(EXPIRED).contains("Path=/;", "HttpOnly", "SameSite=Lax")
                .doesNotContainIgnoringCase("Domain"));
    }

    private FilteredServer serve(Filter... filters) throws Exception {
        FilteredServer server = new FilteredServer(filters);
        servers.add(server);
        return server;
    }

    private IssuedSession login(String user, String... roles) {
        IssuedSession login = world.login(user, roles);
        issuedTokens.add(login.token().reveal());
        return login;
    }

    private static String token(IssuedSession login) {
        return login.token().reveal();
    }

    private Principal customerAdmin() {
        return Principal.administrator(world.customer.id(), UserId.of("admin@initech.example"))
                .withVerifiedEmail(world.customer.administratorEmail());
    }

    private static void assertRefusedAsInvalid(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer error=\"invalid_token\"");
        assertThat(response.body()).isEqualTo("The delegated session is not valid or has ended.\n");
    }

    private static void assertInvalidInput(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DelegationException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }
}
