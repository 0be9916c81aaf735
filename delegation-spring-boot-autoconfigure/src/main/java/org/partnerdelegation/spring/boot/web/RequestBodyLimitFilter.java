package org.partnerdelegation.spring.boot.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.partnerdelegation.core.domain.ErrorCode;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards every request to the API before a controller sees it.
 *
 * <ul>
 *   <li>Caps the request body: no request the API takes needs more than a few kilobytes, and a
 *       parser fed megabytes is a cheap way to burn a server's memory. A declared length over the cap
 *       is refused before reading (413); a chunked body is cut when it passes the cap (413 as well).</li>
 *   <li>Refuses a POST that is not {@code application/json} (415), body or no body: a cross-site
 *       page can send a POST without a preflight only as a form or as text, so demanding JSON keeps a
 *       forged request (a login, a resend) from riding on the host's session cookie even where the
 *       host has no CSRF protection on the API.</li>
 *   <li>Answers 400 to a query string the container cannot decode, instead of an error logged with
 *       its stack trace for anyone who sends one.</li>
 * </ul>
 */
final class RequestBodyLimitFilter extends OncePerRequestFilter {

    /** The largest request body the API reads. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            refuse(response, 413, ProblemTypes.PAYLOAD_TOO_LARGE, "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
            return;
        }
        if ("POST".equals(request.getMethod()) && !isJson(request.getContentType())) {
            response.setHeader("Accept", "application/json");
            refuse(response, 415, ProblemTypes.UNSUPPORTED_MEDIA_TYPE,
                    "Send the request as application/json, with {} when there is nothing to say.");
            return;
        }
        try {
            request.getParameterMap();
        } catch (RuntimeException undecodable) {
            refuse(response, 400, ErrorCode.INVALID_INPUT.name(), "The query string cannot be decoded: send it percent-encoded UTF-8.");
            return;
        }
        chain.doFilter(new Limited(request), response);
    }

    /** {@code application/json} or a {@code +json} type, parameters (a charset) allowed. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static void refuse(HttpServletResponse response, int status, String code, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // Constant text only, so no JSON library is needed here and nothing from the request is echoed.
        response.getWriter().write("{\"type\":\"" + ProblemTypes.typeOf(code) + "\",\"title\":\"" + ProblemTypes.titleOf(code)
                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}");
    }

    /** Thrown by the capped stream; {@link ApiProblems} answers 413 when it finds it among the causes. */
    static final class BodyTooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        BodyTooLargeException() {
            super("The request body is larger than " + MAX_BODY_BYTES + " bytes.");
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private ServletInputStream stream;

        Limited(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CappedStream(super.getInputStream());
            }
            return stream;
        }
    }

    private static final class CappedStream extends ServletInputStream {

        private final ServletInputStream in;
        private long read;

        CappedStream(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > MAX_BODY_BYTES) {
                throw new BodyTooLargeException();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
