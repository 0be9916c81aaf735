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
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the request body of the API: no request the API takes needs more than a few kilobytes, and a
 * parser fed megabytes is a cheap way to burn a server's memory. A declared length over the cap is
 * refused before reading (413); a chunked body is cut when it passes the cap (413 as well).
 */
final class RequestBodyLimitFilter extends OncePerRequestFilter {

    /** The largest request body the API reads. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            String code = ProblemTypes.PAYLOAD_TOO_LARGE;
            response.setStatus(413);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            // Constant text only, so no JSON library is needed here and nothing from the request is echoed.
            response.getWriter().write("{\"type\":\"" + ProblemTypes.typeOf(code) + "\",\"title\":\"" + ProblemTypes.titleOf(code)
                    + "\",\"status\":413,\"detail\":\"The request body is larger than " + MAX_BODY_BYTES + " bytes.\",\"code\":\""
                    + code + "\"}");
            return;
        }
        chain.doFilter(new Limited(request), response);
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
