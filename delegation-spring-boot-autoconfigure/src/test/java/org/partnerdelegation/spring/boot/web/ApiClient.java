package org.partnerdelegation.spring.boot.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the API on the test server: what an API client of the host would send. */
final class ApiClient {

    static final String BASE = "/partner-delegation/api";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    ApiClient(int port) {
        this.port = port;
    }

    /** One answer: status, headers and the body as text and, when it is JSON, parsed. */
    record Answer(HttpResponse<String> response) {

        int status() {
            return response.statusCode();
        }

        String body() {
            return response.body();
        }

        JsonNode json() {
            return JSON.readTree(response.body());
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }
    }

    Answer send(String method, String path, String user, String bearer, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header(ApiTestHost.USER_HEADER, user);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return execute(request.build());
    }

    /** A body of unknown length: sent chunked, so only the server's counting can stop it. */
    Answer sendChunked(String path, String user, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header(ApiTestHost.USER_HEADER, user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        return execute(request);
    }

    /** A GET that accepts only {@code accept}. */
    Answer getAccepting(String path, String user, String accept) {
        return execute(HttpRequest.newBuilder(URI.create("http://localhost:" + port + BASE + path))
                .header(ApiTestHost.USER_HEADER, user).header("Accept", accept).GET().build());
    }

    Answer get(String path, String user) {
        return send("GET", BASE + path, user, null, null, null);
    }

    Answer post(String path, String user, String json) {
        return send("POST", BASE + path, user, null, "application/json", json);
    }

    /** A POST of JSON with one more header, such as {@code Idempotency-Key}. */
    Answer post(String path, String user, String json, String header, String value) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + BASE + path))
                .header(ApiTestHost.USER_HEADER, user).header("Content-Type", "application/json").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return execute(request);
    }

    Answer put(String path, String user) {
        return send("PUT", BASE + path, user, null, null, null);
    }

    Answer delete(String path, String user, String json) {
        return send("DELETE", BASE + path, user, null, json == null ? null : "application/json", json);
    }

    static String json(Object... keysAndValues) {
        var node = JSON.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
        }
        return JSON.writeValueAsString(node);
    }

    private Answer execute(HttpRequest request) {
        try {
            return new Answer(http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
