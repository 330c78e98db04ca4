package io.callpath.tune;

import io.callpath.config.AssistantsConfig;
import io.callpath.config.CallpathConfig;
import io.callpath.config.DatabaseSettings;
import io.callpath.config.DepartmentConfig;
import io.callpath.config.DialStrategy;
import io.callpath.config.HoursConfig;
import io.callpath.config.InformerConfig;
import io.callpath.config.InformerMode;
import io.callpath.config.LineConfig;
import io.callpath.config.MenuConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The config records rebuilt with one setting changed: the only place that knows their constructors. */
final class ConfigEdits {

    private ConfigEdits() {}

    static CallpathConfig line(CallpathConfig config, String name, UnaryOperator<LineConfig> edit) {
        List<LineConfig> lines = new ArrayList<>();
        for (LineConfig line : config.lines()) {
            lines.add(line.name().equals(name) ? edit.apply(line) : line);
        }
        return new CallpathConfig(
                config.server(),
                config.database(),
                config.metrics(),
                config.repeatCallers(),
                lines,
                config.departments(),
                config.http());
    }

    static CallpathConfig department(CallpathConfig config, String name, UnaryOperator<DepartmentConfig> edit) {
        Map<String, DepartmentConfig> departments = new LinkedHashMap<>(config.departments());
        departments.computeIfPresent(name, (key, department) -> edit.apply(department));
        return new CallpathConfig(
                config.server(),
                config.database(),
                config.metrics(),
                config.repeatCallers(),
                config.lines(),
                departments,
                config.http());
    }

    static CallpathConfig database(CallpathConfig config, DatabaseSettings database) {
        return new CallpathConfig(
                config.server(),
                database,
                config.metrics(),
                config.repeatCallers(),
                config.lines(),
                config.departments(),
                config.http());
    }

    /** Open around the clock: tuning is about the calls in business hours, whenever it runs. */
    static LineConfig alwaysOpen(LineConfig line) {
        return rebuilt(line, line.informer(), line.menu(), line.assistants(), null, line.defaultDepartment());
    }

    static LineConfig informer(LineConfig line, InformerConfig informer) {
        boolean whileRinging = informer != null && informer.whileRinging();
        return rebuilt(
                line,
                informer,
                line.menu(),
                line.assistants(),
                line.hours(),
                whileRinging ? line.defaultDepartment() : null);
    }

    static LineConfig informerBudget(LineConfig line, Duration budget) {
        InformerConfig informer = line.informer();
        return informer(
                line,
                new InformerConfig(
                        informer.prompt(),
                        budget,
                        informer.interruptible(),
                        informer.mode(),
                        informer.musicClass(),
                        informer.greetingClass()));
    }

    /** A while-ringing line that rings during the greeting ({@code greetingClass}), or plays it first (null). */
    static LineConfig greetingClass(LineConfig line, String greetingClass) {
        InformerConfig informer = line.informer();
        return informer(
                line,
                new InformerConfig(
                        informer.prompt(),
                        informer.budget(),
                        informer.interruptible(),
                        informer.mode(),
                        informer.musicClass(),
                        greetingClass));
    }

    /** The promo played in {@code mode}; while ringing, with {@code musicClass} and {@code defaultDepartment} ringing on no key. */
    static LineConfig informerMode(LineConfig line, InformerMode mode, String musicClass, String defaultDepartment) {
        InformerConfig informer = line.informer();
        InformerConfig changed = new InformerConfig(
                informer.prompt(),
                informer.budget(),
                informer.interruptible(),
                mode,
                mode == InformerMode.WHILE_RINGING ? musicClass : null);
        return rebuilt(
                line,
                changed,
                line.menu(),
                line.assistants(),
                line.hours(),
                mode == InformerMode.WHILE_RINGING ? defaultDepartment : null);
    }

    static LineConfig defaultDepartment(LineConfig line, String department) {
        return rebuilt(line, line.informer(), line.menu(), line.assistants(), line.hours(), department);
    }

    static LineConfig menu(LineConfig line, Duration timeout, int retries) {
        MenuConfig menu = line.menu();
        MenuConfig changed = new MenuConfig(
                menu.prompt(), timeout, retries, menu.noInputPrompt(), menu.invalidPrompt(), menu.options());
        return rebuilt(line, line.informer(), changed, line.assistants(), line.hours(), line.defaultDepartment());
    }

    static LineConfig assistantTimeout(LineConfig line, Duration answerTimeout) {
        AssistantsConfig assistants = line.assistants();
        AssistantsConfig changed = new AssistantsConfig(assistants.dial(), answerTimeout, assistants.whisper());
        return rebuilt(line, line.informer(), line.menu(), changed, line.hours(), line.defaultDepartment());
    }

    private static LineConfig rebuilt(
            LineConfig line,
            InformerConfig informer,
            MenuConfig menu,
            AssistantsConfig assistants,
            HoursConfig hours,
            String defaultDepartment) {
        return new LineConfig(
                line.name(),
                line.dids(),
                line.campaign(),
                line.source(),
                informer,
                menu,
                assistants,
                line.overflowDepartment(),
                hours,
                line.afterHours(),
                line.whisper(),
                line.connectingPrompt(),
                defaultDepartment,
                line.callback());
    }

    static DepartmentConfig ringing(DepartmentConfig department, DialStrategy strategy, Duration ringTimeout) {
        return new DepartmentConfig(
                department.name(),
                department.sellers(),
                ringTimeout,
                strategy,
                department.whisper(),
                department.acceptKey(),
                department.acceptTimeout(),
                department.acceptPrompt(),
                department.voicemail(),
                department.skipBusySellers());
    }
}
