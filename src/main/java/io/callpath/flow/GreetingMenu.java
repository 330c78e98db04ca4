package io.callpath.flow;

import io.callpath.config.LineConfig;
import io.callpath.config.MenuConfig;
import io.callpath.events.Phase;
import java.util.Optional;

/**
 * The menu of a line whose promo plays while the sellers ring (informer mode while-ringing): the menu prompt once, as
 * a short greeting that names the keys, any key barging in, then {@code menu.timeout} for a key. No retries: a caller
 * who presses nothing, or a key the menu lacks, rings the line's default department at once; 0 reaches the assistants.
 * A line that offers callbacks plays the offer first when it is already due, and takes its key.
 */
final class GreetingMenu {

    private GreetingMenu() {}

    /** Plays the greeting (the offer first when it is due) and reads one key: the route it names, else the line's default department. */
    static Route ask(Channel channel, CallRecorder recorder, LineConfig line, CallbackOffer offer) {
        recorder.enter(Phase.MENU);
        MenuConfig menu = line.menu();
        Optional<Character> key = offer.offerIfDue(channel, recorder, "0123456789*#")
                .or(() -> PromptPlayer.readDigit(channel, menu.prompt(), menu.timeout()));
        if (key.isEmpty()) {
            return new Route.Department(line.defaultDepartment(), "", "default_no_key");
        }
        char pressed = key.get();
        if (offer.accepts(pressed)) {
            return new Route.Callback(String.valueOf(pressed));
        }
        return routeFor(line, pressed);
    }

    /** Where a key of the greeting sends the caller: 0 the assistants, a menu key its department, else the default. */
    static Route routeFor(LineConfig line, char pressed) {
        if (pressed == '0') {
            return new Route.Assistants("0", "zero");
        }
        return line.menu()
                .departmentFor(pressed)
                .<Route>map(name -> new Route.Department(name, String.valueOf(pressed), "menu"))
                .orElseGet(() ->
                        new Route.Department(line.defaultDepartment(), String.valueOf(pressed), "default_invalid"));
    }
}
