package io.callpath.desk;

/**
 * What a desk page shows of the call at its phone (JSON to the page; every text is the caller's or config's,
 * shown with textContent only).
 *
 * @param linkedId     the call
 * @param state        the phone is ringing with it, answered it, or (a seller) is connected after the whisper
 * @param t0Millis     when the caller's channel was created, epoch milliseconds (the page ticks the wait from it)
 * @param caller       caller number
 * @param callerName   caller name (CALLERID(name): the caller's own text)
 * @param line         line name
 * @param campaign     the line's campaign
 * @param lineSource   the line's lead source
 * @param language     the caller's language (agi_language)
 * @param repeat       a repeat caller
 * @param lastSeller   their last seller, if any
 * @param lastCallAt   when their last call was (ISO-8601), if known
 * @param route        route chosen (department, "assistant")
 * @param digit        the menu key pressed, if any
 * @param department   the department the call goes or went to
 * @param phase        the phase the caller is in
 * @param assistant    the assistant phone that answered, if any
 * @param request      what they want, as the assistant typed it
 * @param statedSource how they heard of us, as the assistant typed it
 * @param answeredBy   the desk extension that typed them
 */
public record DeskView(
        String linkedId,
        PhoneState state,
        long t0Millis,
        String caller,
        String callerName,
        String line,
        String campaign,
        String lineSource,
        String language,
        boolean repeat,
        String lastSeller,
        String lastCallAt,
        String route,
        String digit,
        String department,
        String phase,
        String assistant,
        String request,
        String statedSource,
        String answeredBy) {

    public enum PhoneState {
        RINGING,
        ANSWERED,
        CONNECTED
    }
}
