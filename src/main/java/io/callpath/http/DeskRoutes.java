package io.callpath.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callpath.desk.Desks;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The desk pages on the operations endpoint, behind the same token guard: {@code /desk/assistant/EXT} and
 * {@code /desk/seller/EXT} (static HTML, CSS, JS from {@code src/main/resources/desk/}), their live view
 * {@code /desk/api/ROLE/EXT/events} (Server-Sent Events) and the assistant's two buttons, POSTed as JSON only (a
 * form on another site cannot send {@code application/json} without a preflight this server never grants).
 */
final class DeskRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeskRoutes() {}

    static void register(JavalinConfig config, Desks desks, DeskSubscribers subscribers) {
        byte[] assistantPage = page("assistant", "Assistant");
        byte[] sellerPage = page("seller", "Seller");
        byte[] style = resource("desk.css");
        byte[] script = resource("desk.js");
        config.routes.get("/desk/assistant/{extension}", context -> html(context, assistantPage));
        config.routes.get("/desk/seller/{extension}", context -> html(context, sellerPage));
        config.routes.get(
                "/desk/desk.css",
                context -> context.contentType("text/css; charset=utf-8").result(style));
        config.routes.get(
                "/desk/desk.js",
                context -> context.contentType("text/javascript; charset=utf-8").result(script));
        config.routes.get("/desk/api/{role}/{extension}", context -> {
            Optional<Map<String, Object>> view =
                    view(desks, context.pathParam("role")).apply(context.pathParam("extension"));
            if (view.isEmpty()) {
                notFound(context);
                return;
            }
            context.contentType("application/json").result(JSON.writeValueAsString(view.get()));
        });
        config.routes.sse("/desk/api/{role}/{extension}/events", client -> {
            Function<String, Optional<Map<String, Object>>> view =
                    view(desks, client.ctx().pathParam("role"));
            String extension = client.ctx().pathParam("extension");
            if (view.apply(extension).isEmpty()) {
                client.ctx().status(404);
                client.close();
                return;
            }
            if (!subscribers.add(client, () -> view.apply(extension))) {
                client.ctx().status(503);
                client.close();
            }
        });
        config.routes.post("/desk/api/assistant/{extension}/answers", context -> {
            JsonNode body = jsonBody(context);
            if (body == null) {
                return;
            }
            reply(
                    context,
                    desks.saveAnswers(
                            context.pathParam("extension"),
                            text(body, "linkedId"),
                            text(body, "request"),
                            text(body, "statedSource")));
        });
        config.routes.post("/desk/api/assistant/{extension}/transfer", context -> {
            JsonNode body = jsonBody(context);
            if (body == null) {
                return;
            }
            Desks.ActionResult result = desks.transfer(
                            context.pathParam("extension"),
                            text(body, "linkedId"),
                            text(body, "department"),
                            text(body, "request"),
                            text(body, "statedSource"))
                    .get(10, TimeUnit.SECONDS);
            reply(context, result);
        });
    }

    private static Function<String, Optional<Map<String, Object>>> view(Desks desks, String role) {
        return switch (role) {
            case "assistant" -> desks::assistantPage;
            case "seller" -> desks::sellerPage;
            default -> extension -> Optional.empty();
        };
    }

    private static void notFound(Context context) throws IOException {
        context.status(404)
                .contentType("application/json")
                .result(JSON.writeValueAsString(Map.of(
                        "ok",
                        false,
                        "message",
                        "no such desk: the extension is not an assistant's or seller's phone in callpath.yaml "
                                + "(lines[].assistants.dial, departments.*.sellers, or desk.phones)")));
    }

    private static JsonNode jsonBody(Context context) throws IOException {
        String type = context.contentType();
        if (type == null || !type.startsWith("application/json")) {
            context.status(415)
                    .contentType("application/json")
                    .result(JSON.writeValueAsString(
                            Map.of("ok", false, "message", "send Content-Type: application/json")));
            return null;
        }
        try {
            JsonNode body = JSON.readTree(context.body());
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (IOException notJson) {
            // answered below
        }
        context.status(400)
                .contentType("application/json")
                .result(JSON.writeValueAsString(Map.of("ok", false, "message", "the body must be a JSON object")));
        return null;
    }

    private static String text(JsonNode body, String name) {
        JsonNode value = body.get(name);
        return value == null || !value.isValueNode() ? "" : value.asText();
    }

    private static void reply(Context context, Desks.ActionResult result) throws IOException {
        context.status(result.ok() ? 200 : 409).contentType("application/json").result(JSON.writeValueAsString(result));
    }

    private static void html(Context context, byte[] page) {
        context.contentType("text/html; charset=utf-8").result(page);
    }

    /** desk.html (head and header, the same for both desks) around {@code ROLE-main.html}. */
    static byte[] page(String role, String title) {
        String frame = new String(resource("desk.html"), StandardCharsets.UTF_8);
        String main = new String(resource(role + "-main.html"), StandardCharsets.UTF_8);
        return frame.replace("{{role}}", role)
                .replace("{{Role}}", title)
                .replace("{{main}}", main)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] resource(String name) {
        String path = "/desk/" + name;
        try (InputStream in = DeskRoutes.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + path + ": rebuild it with mvn package");
            }
            return in.readAllBytes();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
