package io.callpath.tune;

import io.callpath.config.CallpathConfig;
import io.callpath.config.DepartmentConfig;
import io.callpath.config.DialStrategy;
import io.callpath.config.InformerMode;
import io.callpath.config.LineConfig;
import io.callpath.sim.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The changes {@code tune} tries, one at a time, for one line: the other informer mode (promo before the menu, no
 * key to the assistants; or promo while the sellers ring, no key to a default department), a shorter promo or none,
 * ringing the default department during the greeting or not, another default department, a shorter menu timeout and fewer retries, another assistant answer timeout, and for
 * each department the line can reach the other ring strategy and other ring timeouts. Values equal to the current
 * ones are left out.
 */
final class Candidates {

    /** The groups of changes, as {@code --changes} names them. */
    static final List<String> GROUPS = List.of("informer", "menu", "assistants", "ring");

    private static final List<String> KEYS =
            List.of("keys.inPromo", "keys.promoAfter", "keys.inMenu", "keys.menuAfter", "keys.digits");
    private static final List<String> MENU_KEYS = List.of("keys.inMenu", "keys.menuAfter", "keys.digits");
    private static final List<String> PATIENCE = List.of("hangUp.share", "hangUp.after");
    private static final List<String> SELLERS = List.of("sellers.answerAfter", "sellers.missShare");
    private static final List<String> ASSISTANTS = List.of("assistants.answerAfter", "assistants.busyShare");

    private Candidates() {}

    /** Each change on its own (switching the informer mode is one candidate of several keys). */
    static List<Candidate> singleChanges(CallpathConfig config, LineConfig line, Set<String> groups) {
        List<ConfigChange> changes = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        String owner = "lines[" + line.name() + "]";
        boolean whileRinging = line.promoWhileRinging();
        if (groups.contains("informer") && line.informer() != null && !whileRinging) {
            Duration budget = line.informer().budget();
            for (Duration shorter : List.of(Duration.ofSeconds(10), Duration.ofSeconds(5))) {
                if (shorter.compareTo(budget) < 0) {
                    changes.add(new ConfigChange(
                            "informer",
                            owner,
                            "informer.budget",
                            seconds(shorter),
                            dependsOn(KEYS, PATIENCE),
                            c -> ConfigEdits.line(c, line.name(), l -> ConfigEdits.informerBudget(l, shorter))));
                }
            }
            changes.add(new ConfigChange(
                    "informer",
                    owner,
                    "informer",
                    "",
                    dependsOn(KEYS, PATIENCE),
                    c -> ConfigEdits.line(c, line.name(), l -> ConfigEdits.informer(l, null))));
            String musicClass = "callpath-" + line.name();
            String department = line.effectiveOverflowDepartment();
            candidates.add(new Candidate(
                    List.of(
                            new ConfigChange(
                                    "informer",
                                    owner,
                                    "informer.mode",
                                    InformerMode.WHILE_RINGING.key(),
                                    dependsOn(KEYS, PATIENCE),
                                    c -> ConfigEdits.line(
                                            c,
                                            line.name(),
                                            l -> ConfigEdits.informerMode(
                                                    l, InformerMode.WHILE_RINGING, musicClass, department))),
                            new ConfigChange("informer", owner, "informer.musicClass", musicClass, List.of(), c -> c),
                            new ConfigChange("informer", owner, "defaultDepartment", department, List.of(), c -> c)),
                    "informer.mode while-ringing (no key: " + department + ")"));
        }
        if (groups.contains("informer") && whileRinging) {
            candidates.add(new Candidate(
                    List.of(
                            new ConfigChange(
                                    "informer",
                                    owner,
                                    "informer.mode",
                                    InformerMode.BEFORE.key(),
                                    dependsOn(KEYS, PATIENCE),
                                    c -> ConfigEdits.line(
                                            c,
                                            line.name(),
                                            l -> ConfigEdits.informerMode(l, InformerMode.BEFORE, null, null))),
                            new ConfigChange("informer", owner, "defaultDepartment", "", List.of(), c -> c)),
                    "informer.mode before (no key: assistants)"));
            candidates.add(ringDuringGreeting(line, owner));
            for (String department : departmentsOf(config, line)) {
                if (!department.equals(line.defaultDepartment())) {
                    changes.add(new ConfigChange(
                            "informer",
                            owner,
                            "defaultDepartment",
                            department,
                            dependsOn(MENU_KEYS, PATIENCE),
                            c -> ConfigEdits.line(c, line.name(), l -> ConfigEdits.defaultDepartment(l, department))));
                }
            }
        }
        if (groups.contains("menu")) {
            Duration timeout = line.menu().timeout();
            int retries = line.menu().retries();
            // a while-ringing greeting waits a moment after its prompt; GET DATA with no timeout would wait Asterisk's
            // default
            Duration shorter = whileRinging ? Duration.ofMillis(250) : Duration.ofSeconds(3);
            if (shorter.compareTo(timeout) < 0) {
                changes.add(new ConfigChange(
                        "menu",
                        owner,
                        "menu.timeout",
                        seconds(shorter),
                        dependsOn(MENU_KEYS, PATIENCE),
                        c -> ConfigEdits.line(
                                c,
                                line.name(),
                                l -> ConfigEdits.menu(l, shorter, l.menu().retries()))));
            }
            // a while-ringing greeting asks once whatever retries says
            for (int fewer = whileRinging ? -1 : Math.min(retries - 1, 1); fewer >= 0; fewer--) {
                int value = fewer;
                changes.add(new ConfigChange(
                        "menu",
                        owner,
                        "menu.retries",
                        Integer.toString(value),
                        dependsOn(MENU_KEYS, PATIENCE),
                        c -> ConfigEdits.line(
                                c,
                                line.name(),
                                l -> ConfigEdits.menu(l, l.menu().timeout(), value))));
            }
        }
        if (groups.contains("assistants") && line.assistants() != null) {
            for (Duration timeout : List.of(Duration.ofSeconds(5), Duration.ofSeconds(15))) {
                if (!timeout.equals(line.assistants().answerTimeout())) {
                    changes.add(new ConfigChange(
                            "assistants",
                            owner,
                            "assistants.answerTimeout",
                            seconds(timeout),
                            dependsOn(ASSISTANTS, PATIENCE),
                            c -> ConfigEdits.line(c, line.name(), l -> ConfigEdits.assistantTimeout(l, timeout))));
                }
            }
        }
        if (groups.contains("ring")) {
            for (String name : departmentsOf(config, line)) {
                DepartmentConfig department = config.departments().get(name);
                String departmentOwner = "departments." + name;
                if (department.sellers().size() > 1) {
                    DialStrategy other = department.strategy() == DialStrategy.RINGALL
                            ? DialStrategy.SEQUENTIAL
                            : DialStrategy.RINGALL;
                    changes.add(new ConfigChange(
                            "ring",
                            departmentOwner,
                            "strategy",
                            other.name().toLowerCase(Locale.ROOT),
                            dependsOn(SELLERS, PATIENCE),
                            c -> ConfigEdits.department(c, name, d -> ConfigEdits.ringing(d, other, d.ringTimeout()))));
                }
                for (Duration timeout : List.of(Duration.ofSeconds(8), Duration.ofSeconds(20))) {
                    if (!timeout.equals(department.ringTimeout())) {
                        changes.add(new ConfigChange(
                                "ring",
                                departmentOwner,
                                "ringTimeout",
                                seconds(timeout),
                                dependsOn(SELLERS, PATIENCE),
                                c -> ConfigEdits.department(
                                        c, name, d -> ConfigEdits.ringing(d, d.strategy(), timeout))));
                    }
                }
            }
        }
        changes.forEach(change -> candidates.add(Candidate.of(change)));
        return candidates;
    }

    /**
     * Ring the default department during the greeting (add {@code informer.greetingClass}, the kit's class
     * {@code callpath-<line>-greeting} in asterisk-config/musiconhold.conf) or play the greeting before the phones
     * ring (remove it). Either way the effect rests on when callers press which key, 1 and no key included.
     */
    private static Candidate ringDuringGreeting(LineConfig line, String owner) {
        boolean ringing = line.ringingGreetingClass() != null;
        String greetingClass = ringing ? null : "callpath-" + line.name() + "-greeting";
        ConfigChange change = new ConfigChange(
                "informer",
                owner,
                "informer.greetingClass",
                ringing ? "" : greetingClass,
                dependsOn(KEYS, PATIENCE),
                c -> ConfigEdits.line(c, line.name(), l -> ConfigEdits.greetingClass(l, greetingClass)));
        return new Candidate(
                List.of(change),
                ringing
                        ? "no informer.greetingClass (the greeting before " + line.defaultDepartment() + " rings)"
                        : "informer.greetingClass " + greetingClass + " (" + line.defaultDepartment()
                                + " rings during the greeting)");
    }

    /** Departments the line's callers can end up in: its menu options and its overflow department. */
    static List<String> departmentsOf(CallpathConfig config, LineConfig line) {
        Set<String> names = new LinkedHashSet<>(line.menu().options().values());
        names.add(line.effectiveOverflowDepartment());
        return names.stream().filter(config.departments()::containsKey).toList();
    }

    private static List<String> dependsOn(List<String> first, List<String> second) {
        List<String> keys = new ArrayList<>(first);
        keys.addAll(second);
        return keys;
    }

    private static String seconds(Duration duration) {
        return Span.of(duration).toString();
    }
}
