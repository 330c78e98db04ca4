package io.callpath.desk;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.events.CallEvent;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What each phone's desk shows as a call's events arrive: ringing, answered, handed on, ended. */
class DeskCallsTest {

    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
    private static final String ASSISTANT = "PJSIP/201";
    private static final String SELLER = "PJSIP/101";

    private final DeskCalls calls = new DeskCalls(Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC));

    @Test
    void anAssistantCallRingsIsAnsweredAndMovesToTheSellerOnTransfer() {
        event(
                EventType.CALL_ARRIVED,
                null,
                0,
                Map.of(
                        "caller",
                        "5550101",
                        "callerName",
                        "Ann",
                        "line",
                        "main",
                        "source",
                        "google-ads",
                        "language",
                        "ru",
                        "repeat",
                        "true",
                        "lastSeller",
                        SELLER,
                        "channel",
                        "PJSIP/trunk-01"));
        assertThat(calls.atAssistant(ASSISTANT)).isEmpty();
        event(EventType.PHASE_STARTED, Phase.ASSISTANT_RINGING, 3_000, Map.of("phones", ASSISTANT + "&PJSIP/202"));
        assertThat(calls.atAssistant(ASSISTANT))
                .get()
                .extracting(DeskView::state)
                .isEqualTo(DeskView.PhoneState.RINGING);
        assertThat(calls.atAssistant("PJSIP/202")).isPresent();

        event(EventType.ASSISTANT_ANSWERED, null, 5_000, Map.of("assistant", ASSISTANT));
        DeskView answered = calls.atAssistant(ASSISTANT).orElseThrow();
        assertThat(answered.state()).isEqualTo(DeskView.PhoneState.ANSWERED);
        assertThat(answered.t0Millis()).isEqualTo(T0.toEpochMilli());
        assertThat(answered.lastSeller()).isEqualTo(SELLER);
        assertThat(calls.atAssistant("PJSIP/202"))
                .as("the other assistant stops ringing")
                .isEmpty();

        event(
                EventType.CALLER_ANSWERS,
                null,
                9_000,
                Map.of("request", "windows", "statedSource", "radio", "assistant", "201"));
        event(EventType.TRANSFERRED, null, 10_000, Map.of("department", "sales"));
        assertThat(calls.atAssistant(ASSISTANT)).isEmpty();
        event(EventType.PHASE_STARTED, Phase.SELLER_RINGING, 11_000, Map.of("phones", SELLER, "department", "sales"));
        DeskView ringing = calls.atSeller(SELLER).orElseThrow();
        assertThat(ringing.state()).isEqualTo(DeskView.PhoneState.RINGING);
        assertThat(ringing.request()).isEqualTo("windows");
        assertThat(ringing.statedSource()).isEqualTo("radio");
        assertThat(Desks.wanted(ringing)).isEqualTo("windows");

        event(EventType.SELLER_ANSWERED, null, 14_000, Map.of("seller", SELLER));
        assertThat(calls.atSeller(SELLER).orElseThrow().state()).isEqualTo(DeskView.PhoneState.ANSWERED);
        event(EventType.SELLER_CONNECTED, null, 16_000, Map.of("seller", SELLER));
        assertThat(calls.atSeller(SELLER).orElseThrow().state()).isEqualTo(DeskView.PhoneState.CONNECTED);
        event(EventType.CALL_ENDED, null, 40_000, Map.of());
        assertThat(calls.atSeller(SELLER)).isEmpty();
    }

    @Test
    void aSellerWhoMissesLeavesTheDeskAndTheMenuChoiceIsWhatTheCallerWants() {
        event(EventType.CALL_ARRIVED, null, 0, Map.of("caller", "5550102"));
        event(EventType.ROUTE_CHOSEN, null, 2_000, Map.of("route", "sales", "digit", "1"));
        event(EventType.PHASE_STARTED, Phase.SELLER_RINGING, 2_000, Map.of("phones", SELLER, "department", "sales"));
        assertThat(Desks.wanted(calls.atSeller(SELLER).orElseThrow())).isEqualTo("menu 1: sales");
        event(EventType.SELLER_MISSED, null, 17_000, Map.of("seller", SELLER, "dialStatus", "NOANSWER"));
        assertThat(calls.atSeller(SELLER)).isEmpty();
    }

    @Test
    void theScriptSpeaksTheCallersLanguage() {
        assertThat(DeskScript.steps("ru", "Окна Плюс", "Анна", "Иван", "окна"))
                .hasSize(7)
                .first()
                .isEqualTo("Добрый день! Компания «Окна Плюс», Анна, слушаю вас.");
        assertThat(DeskScript.steps("ru", "Окна Плюс", "Анна", "Иван", "окна").get(6))
                .isEqualTo("Менеджеру: звонит Иван, вопрос: окна. Можете принять?");
        assertThat(DeskScript.steps("de", "Okna", "Anna", "", "").get(0))
                .isEqualTo("Good afternoon, Okna, Anna speaking.");
    }

    @Test
    void answersLoseControlCharactersAndStayShort() {
        assertThat(Desks.clean("a\r\nb\u0000c")).isEqualTo("a  b c");
        assertThat(Desks.clean("x".repeat(600))).hasSize(Desks.MAX_ANSWER);
    }

    private void event(EventType type, Phase phase, long offset, Map<String, String> attributes) {
        calls.accept(new CallEvent(
                UUID.randomUUID(), "1700000000.1", "s", type, phase, T0.plusMillis(offset), offset, attributes));
    }
}
