package io.callpath.config;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One inbound line: the dialled numbers (DIDs) that share a campaign, a lead source and a flow.
 *
 * @param name               short name, also CALLPATH_LINE
 * @param dids               dialled numbers that select this line
 * @param campaign           marketing campaign, recorded on every call
 * @param source             lead source (google-ads, radio...), recorded on every call
 * @param informer           promo before the menu, or null for none
 * @param menu               the IVR menu
 * @param assistants         the assistant group, or null: then "0" and menu failures go to the overflow department
 * @param overflowDepartment department that takes calls the assistants cannot; null means the first menu option's
 * @param hours              business hours, or null for always open
 * @param afterHours         what happens outside business hours
 * @param whisper            played to the seller or assistant on answer, naming the line, or null
 * @param connectingPrompt   played to the caller while a hand-off from the assistant starts, or null
 * @param defaultDepartment  informer mode while-ringing: the department that rings when the caller presses no key
 *                           (or a key the menu lacks) in the greeting; null otherwise
 * @param callback           callbacks to callers who hung up while waiting (off unless configured)
 */
public record LineConfig(
        String name,
        List<String> dids,
        String campaign,
        String source,
        InformerConfig informer,
        MenuConfig menu,
        AssistantsConfig assistants,
        String overflowDepartment,
        HoursConfig hours,
        AfterHoursConfig afterHours,
        Prompt whisper,
        Prompt connectingPrompt,
        String defaultDepartment,
        CallbackConfig callback) {

    public LineConfig {
        dids = List.copyOf(dids);
        callback = callback == null ? CallbackConfig.off() : callback;
    }

    /** The department whose sellers call this line's callers back. */
    public String callbackDepartment() {
        if (callback.department() != null) {
            return callback.department();
        }
        return defaultDepartment != null ? defaultDepartment : effectiveOverflowDepartment();
    }

    /** Whether the promo plays while the sellers ring (informer mode while-ringing). */
    public boolean promoWhileRinging() {
        return informer != null && informer.whileRinging();
    }

    /** The music-on-hold class Dial plays to the caller while phones ring, or null for ringback. */
    public String ringingMusicClass() {
        return promoWhileRinging() ? informer.musicClass() : null;
    }

    /**
     * The music-on-hold class that plays the greeting and then the promo while the default department rings from the
     * start (informer.greetingClass), or null when the greeting is played before the phones ring.
     */
    public String ringingGreetingClass() {
        return promoWhileRinging() && informer.ringsDuringGreeting() ? informer.greetingClass() : null;
    }

    /**
     * The keys that end the default department's ringing during the greeting: 0 (the assistants) and every menu key
     * of another department. The rest (the default department's keys, keys the menu lacks) change nothing, so they
     * must not stop phones that already ring; the kit's {@code [callpath-keys]} context lists exactly these.
     */
    public Set<Character> keysLeavingDefaultDepartment() {
        Set<Character> keys = new TreeSet<>();
        keys.add('0');
        menu.options().forEach((digit, department) -> {
            if (digit.length() == 1 && !department.equals(defaultDepartment)) {
                keys.add(digit.charAt(0));
            }
        });
        return keys;
    }

    /** The department that takes the call when the assistants are busy, absent or not configured. */
    public String effectiveOverflowDepartment() {
        if (overflowDepartment != null) {
            return overflowDepartment;
        }
        return menu.options().values().stream().findFirst().orElse("");
    }
}
