package org.partnerdelegation.examples.web;

import io.javalin.http.Context;

/** The demo's cookies: Path=/, HttpOnly, SameSite=Lax, for the browser session only. */
final class Cookies {

    private Cookies() {
    }

    static void set(Context ctx, String name, String value) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; HttpOnly; SameSite=Lax");
    }

    static void clear(Context ctx, String name) {
        ctx.res().addHeader("Set-Cookie", name + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    }
}
