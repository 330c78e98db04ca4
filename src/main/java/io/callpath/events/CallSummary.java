package io.callpath.events;

import java.time.Instant;
import java.util.Map;

/**
 * One call folded from its events: the row of the {@code calls} table.
 * Fields documented as "or null" are null while unknown (a live call has no outcome yet).
 *
 * @param linkedId            the call's key
 * @param line                configured line name, or null
 * @param did                 dialled number, or null
 * @param campaign            campaign of the line, or null
 * @param source              lead source of the line, or null
 * @param callerNumber        caller id number, or null
 * @param route               route chosen (department, "assistant", "after_hours"), or null
 * @param t0                  arrival at Asterisk
 * @param tSeller             connected to a seller, or null
 * @param timeToSellerMillis  tSeller - t0 in ms, or null
 * @param phaseMillis         ms spent in each phase up to tSeller (or to the end of waiting); the values sum to the wait
 * @param outcome             outcome, or null while the call is live
 * @param outcomeReason       detail: after_hours / no_answer / voicemail / the failure reason, or null
 * @param abandonPhase        the phase in which the caller hung up, when abandoned, or null
 * @param seller              seller reached, or null
 * @param sellerDepartment    the department that seller was rung for (a repeat caller goes back to it), or null
 * @param assistantInvolved   an assistant answered the call
 * @param transfers           hand-offs from an assistant to a department
 * @param repeatCaller        the caller was recognised as a repeat caller
 * @param endedAt             when the call ended, or null while live
 * @param promoWhileRingingMillis ms of the wait (up to tSeller or the end of waiting) during which the caller heard the
 *                            line's promo as the ringing music (informer mode while-ringing); it overlaps the phases
 *                            seller ringing, assistant ringing and whisper, and is not part of their sum
 */
public record CallSummary(
        String linkedId,
        String line,
        String did,
        String campaign,
        String source,
        String callerNumber,
        String route,
        Instant t0,
        Instant tSeller,
        Long timeToSellerMillis,
        Map<Phase, Long> phaseMillis,
        Outcome outcome,
        String outcomeReason,
        Phase abandonPhase,
        String seller,
        String sellerDepartment,
        boolean assistantInvolved,
        int transfers,
        boolean repeatCaller,
        Instant endedAt,
        long promoWhileRingingMillis) {

    /** A call whose caller heard no promo while phones rang. */
    public CallSummary(
            String linkedId,
            String line,
            String did,
            String campaign,
            String source,
            String callerNumber,
            String route,
            Instant t0,
            Instant tSeller,
            Long timeToSellerMillis,
            Map<Phase, Long> phaseMillis,
            Outcome outcome,
            String outcomeReason,
            Phase abandonPhase,
            String seller,
            String sellerDepartment,
            boolean assistantInvolved,
            int transfers,
            boolean repeatCaller,
            Instant endedAt) {
        this(
                linkedId,
                line,
                did,
                campaign,
                source,
                callerNumber,
                route,
                t0,
                tSeller,
                timeToSellerMillis,
                phaseMillis,
                outcome,
                outcomeReason,
                abandonPhase,
                seller,
                sellerDepartment,
                assistantInvolved,
                transfers,
                repeatCaller,
                endedAt,
                0);
    }

    public CallSummary {
        phaseMillis = Map.copyOf(phaseMillis);
    }

    /** Total milliseconds over all phases. */
    public long waitedMillis() {
        return phaseMillis.values().stream().mapToLong(Long::longValue).sum();
    }
}
