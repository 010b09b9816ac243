package io.github.istiocoredns.fruits;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

/**
 * Hides the X-HTTP-Method-Override header from Javalin. Javalin routes by that header when present
 * (Context.method()), restify ignores it: on the original, {@code GET /api/fruits/au} with
 * {@code X-HTTP-Method-Override: POST} answers 200 with the fruits, and so must this service.
 */
public final class IgnoreMethodOverrideFilter implements Filter {

    static final String HEADER = "X-HTTP-Method-Override";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && http.getHeader(HEADER) != null) {
            chain.doFilter(new WithoutOverride(http), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static final class WithoutOverride extends HttpServletRequestWrapper {

        WithoutOverride(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return HEADER.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HEADER.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !HEADER.equalsIgnoreCase(name))
                    .toList());
        }
    }
}
