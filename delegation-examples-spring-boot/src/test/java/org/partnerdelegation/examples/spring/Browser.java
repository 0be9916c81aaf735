package org.partnerdelegation.examples.spring;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A user's browser against the running sample, over real HTTP: it keeps its cookies, follows no
 * redirect by itself, and sends the CSRF token of the last page it read with every form, as a
 * browser posting a form of that page does.
 */
final class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client;
    private String csrf = "";

    /** A fresh browser, with no cookie, against the sample on that port. */
    Browser(int port) {
        this.base = "http://localhost:" + port;
        this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A page as the user's browser gets it: its status, its Location when it redirects, its body. */
    record Page(int status, String location, String body) {

        /** The path a redirect points to, without the scheme and host. */
        String redirectPath() {
            return location == null ? null : URI.create(location).getRawPath();
        }
    }

    /** Signs in with the sign-in page's form, as a person would; the session cookie is kept. */
    Page signIn(String email, String password) {
        get("/login");
        return post("/login", Map.of("username", email, "password", password));
    }

    /** GETs the path; when the page holds a form, its CSRF token is kept for the next post. */
    Page get(String path) {
        Page page = send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        Matcher token = CSRF.matcher(page.body());
        if (token.find()) {
            csrf = token.group(1);
        }
        return page;
    }

    /** Follows a redirect with a GET, as a browser does after a form. */
    Page follow(Page redirect) {
        return get(redirect.redirectPath());
    }

    /** POSTs the form fields with the kept CSRF token. */
    Page post(String path, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.put("_csrf", csrf);
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.headers().firstValue("Location").orElse(null), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("The sample did not answer " + request.build().uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
