package io.callpath.config;

/**
 * The after-hours route of a line.
 *
 * @param prompt    told to the caller
 * @param action    hang up, or dial the voicemail
 * @param voicemail dial string of the voicemail (for {@link AfterHoursAction#VOICEMAIL}), or null
 */
public record AfterHoursConfig(Prompt prompt, AfterHoursAction action, String voicemail) {

    public static AfterHoursConfig defaults() {
        return new AfterHoursConfig(Prompt.of("callpath/after-hours"), AfterHoursAction.HANGUP, null);
    }
}
