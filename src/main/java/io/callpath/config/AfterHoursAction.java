package io.callpath.config;

/** What happens to a call outside business hours, after the after-hours prompt. */
public enum AfterHoursAction {
    HANGUP,
    VOICEMAIL
}
