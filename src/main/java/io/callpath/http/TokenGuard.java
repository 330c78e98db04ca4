package io.callpath.http;

import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets a request through when it carries the token: {@code Authorization: Bearer TOKEN} (Prometheus, curl, probes),
 * the cookie this guard sets, or {@code ?token=TOKEN} once (a wall TV's bookmark), which sets the cookie so that the
 * page's own requests and its event stream need no token in the URL. No token configured: every request passes.
 */
final class TokenGuard {

    static final String COOKIE = "callpath_token";

    private final byte[] token;

    TokenGuard(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    boolean required() {
        return token.length > 0;
    }

    void check(Context context) {
        if (!required()) {
            return;
        }
        String header = context.header("Authorization");
        if (header != null
                && header.startsWith("Bearer ")
                && matches(header.substring(7).strip())) {
            return;
        }
        if (matches(context.cookie(COOKIE))) {
            return;
        }
        String query = context.queryParam("token");
        if (matches(query)) {
            context.header("Set-Cookie", COOKIE + "=" + query + "; Path=/; HttpOnly; SameSite=Strict");
            return;
        }
        context.header("WWW-Authenticate", "Bearer realm=\"callpath\"");
        throw new UnauthorizedResponse(
                "this callpath needs its http.token: send Authorization: Bearer TOKEN, or open /?token=TOKEN");
    }

    private boolean matches(String offered) {
        return offered != null && MessageDigest.isEqual(offered.getBytes(StandardCharsets.UTF_8), token);
    }
}
