package io.callpath.desk;

/**
 * What a seller's desk shows of a callback that rings their phone (JSON to the page; texts go in with textContent).
 *
 * @param jobId        the callback job
 * @param state        where the attempt is: ringing you, whisper (you answered), calling the caller, talking, or how
 *                     it ended (you missed it, you declined, the caller did not answer, ended)
 * @param stateMillis  when it got there, epoch milliseconds
 * @param detail       why it ended, as the flow said it ("caller_noanswer", "seller_declined"…); empty while it goes on
 * @param number       the caller's number
 * @param callerName   their name from the call they hung up on, if this server saw it
 * @param line         the line they called
 * @param origin       "abandoned" (hung up while waiting), "offered" (pressed the offer key), "" when not known here
 * @param waitedMillis how long they waited before hanging up (or pressing the key)
 * @param hungUpMillis when they hung up (or pressed the key), epoch milliseconds
 * @param attempt      this attempt, 1 for the first
 * @param maxAttempts  attempts the line allows
 * @param ringingMillis when callpath rang this phone for it, epoch milliseconds
 * @param repeat       they had called before the call they hung up on
 * @param lastSeller   the seller of that earlier call, if any
 * @param lastCallAt   when that earlier call was (ISO-8601), if known
 */
public record CallbackView(
        long jobId,
        State state,
        long stateMillis,
        String detail,
        String number,
        String callerName,
        String line,
        String origin,
        long waitedMillis,
        long hungUpMillis,
        int attempt,
        int maxAttempts,
        long ringingMillis,
        boolean repeat,
        String lastSeller,
        String lastCallAt) {

    /** The attempt as the seller lives it. */
    public enum State {
        RINGING,
        WHISPER,
        CALLING_CALLER,
        TALKING,
        MISSED,
        DECLINED,
        CALLER_NO_ANSWER,
        ENDED;

        boolean over() {
            return this == MISSED || this == DECLINED || this == CALLER_NO_ANSWER || this == ENDED;
        }
    }
}
