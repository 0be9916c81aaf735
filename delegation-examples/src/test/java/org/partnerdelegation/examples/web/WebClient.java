package org.partnerdelegation.examples.web;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser without JavaScript for the demo's tests: keeps cookies, reads the CSRF token of the last page. */
final class WebClient {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient http;
    private final CookieManager cookies = new CookieManager();
    private String csrf;

    WebClient(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Puts a cookie into this browser's jar as if a response had set it for this host with this
     * path (another page of the domain, a sibling subdomain, a script): from now on it is sent,
     * in the Cookie header with the others, to every request under that path.
     */
    void plantCookie(String name, String value, String path) {
        try {
            cookies.put(URI.create(base + path), Map.of("Set-Cookie", List.of(name + "=" + value + "; Path=" + path)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The values of the cookies of this name that this browser sends to {@code path}. */
    List<String> cookiesSentTo(String path, String name) {
        return cookies.getCookieStore().get(URI.create(base + path)).stream()
                .filter(c -> c.getName().equals(name) && !c.hasExpired()).map(java.net.HttpCookie::getValue).toList();
    }

    /** GETs the page with the extra request headers given as name, value, ... */
    HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = send(request.build());
        Matcher m = CSRF.matcher(response.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return response;
    }

    /**
     * POSTs the form with the CSRF token of the last page read; a name may repeat, as checked
     * checkboxes of one name do ({@code "roles", "a", "roles", "b"}).
     */
    HttpResponse<String> post(String path, String... nameValues) {
        List<Map.Entry<String, String>> form = new ArrayList<>();
        form.add(new AbstractMap.SimpleEntry<>("csrf", csrf));
        for (int i = 0; i < nameValues.length; i += 2) {
            form.add(new AbstractMap.SimpleEntry<>(nameValues[i], nameValues[i + 1]));
        }
        return postFields(path, form);
    }

    /**
     * POSTs the form as {@link #post} does and, as a browser does, follows the redirect that
     * answers every form (success or refusal): the page the visitor then sees.
     */
    HttpResponse<String> submit(String path, String... nameValues) {
        HttpResponse<String> posted = post(path, nameValues);
        return posted.statusCode() == 302 ? followRedirect(posted) : posted;
    }

    HttpResponse<String> postRaw(String path, Map<String, String> form, String... headers) {
        return postFields(path, new ArrayList<>(form.entrySet()), headers);
    }

    private HttpResponse<String> postFields(String path, List<Map.Entry<String, String>> form, String... headers) {
        String body = form.stream().filter(e -> e.getValue() != null)
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** The CSRF token of the last page read, as a form of it sends. */
    String csrf() {
        return csrf;
    }

    /** A new browser of {@code server}, signed in as the demo user {@code key}. */
    static WebClient signedIn(DemoServer server, String key) {
        WebClient client = new WebClient(server.url());
        client.signIn(key);
        return client;
    }

    /** Signs in as the demo user {@code key}. */
    void signIn(String key) {
        get("/");
        HttpResponse<String> r = post("/signin", "user", key);
        if (r.statusCode() != 302) {
            throw new IllegalStateException("sign-in failed: " + r.statusCode());
        }
    }

    /** Follows a redirect the last request got: GETs where it points. */
    HttpResponse<String> followRedirect(HttpResponse<String> redirect) {
        if (redirect.statusCode() != 302) {
            throw new IllegalStateException("not a redirect: " + redirect.statusCode() + " " + redirect.body());
        }
        return get(redirect.headers().firstValue("Location").orElseThrow());
    }

    /**
     * The plain-text part of the newest mail to {@code recipient} whose subject contains
     * {@code subjectPart}, read as a visitor reads the demo mailbox (the list, then the mail's page);
     * waits up to 20 s for it to arrive.
     */
    String mailText(String recipient, String subjectPart) {
        Pattern line = Pattern.compile("<td class=\"to\"[^>]*>([^<]*)</td><td[^>]*><a href=\"/mailbox/(\\d+)\" class=\"subject\">([^<]*)</a>");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            Matcher m = line.matcher(get("/mailbox").body());
            while (m.find()) {
                if (Html.unescape(m.group(1)).equals(recipient) && Html.unescape(m.group(3)).contains(subjectPart)) {
                    return Html.text(get("/mailbox/" + m.group(2)).body(), "mail-text").orElseThrow();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no mail to " + recipient + " about '" + subjectPart + "' in the demo mailbox");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
