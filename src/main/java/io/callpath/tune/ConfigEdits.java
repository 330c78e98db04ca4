package io.callpath.tune;

import io.callpath.config.AssistantsConfig;
import io.callpath.config.CallpathConfig;
import io.callpath.config.DatabaseSettings;
import io.callpath.config.DepartmentConfig;
import io.callpath.config.DialStrategy;
import io.callpath.config.InformerConfig;
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

    private ConfigEdits() {
    }

    static CallpathConfig line(CallpathConfig config, String name, UnaryOperator<LineConfig> edit) {
        List<LineConfig> lines = new ArrayList<>();
        for (LineConfig line : config.lines()) {
            lines.add(line.name().equals(name) ? edit.apply(line) : line);
        }
        return new CallpathConfig(config.server(), config.database(), config.metrics(), config.repeatCallers(), lines,
                config.departments());
    }

    static CallpathConfig department(CallpathConfig config, String name, UnaryOperator<DepartmentConfig> edit) {
        Map<String, DepartmentConfig> departments = new LinkedHashMap<>(config.departments());
        departments.computeIfPresent(name, (key, department) -> edit.apply(department));
        return new CallpathConfig(config.server(), config.database(), config.metrics(), config.repeatCallers(),
                config.lines(), departments);
    }

    static CallpathConfig database(CallpathConfig config, DatabaseSettings database) {
        return new CallpathConfig(config.server(), database, config.metrics(), config.repeatCallers(), config.lines(),
                config.departments());
    }

    /** Open around the clock: tuning is about the calls in business hours, whenever it runs. */
    static LineConfig alwaysOpen(LineConfig line) {
        return new LineConfig(line.name(), line.dids(), line.campaign(), line.source(), line.informer(), line.menu(),
                line.assistants(), line.overflowDepartment(), null, line.afterHours(), line.whisper(), line.connectingPrompt());
    }

    static LineConfig informer(LineConfig line, InformerConfig informer) {
        return new LineConfig(line.name(), line.dids(), line.campaign(), line.source(), informer, line.menu(),
                line.assistants(), line.overflowDepartment(), line.hours(), line.afterHours(), line.whisper(),
                line.connectingPrompt());
    }

    static LineConfig informerBudget(LineConfig line, Duration budget) {
        InformerConfig informer = line.informer();
        return informer(line, new InformerConfig(informer.prompt(), budget, informer.interruptible()));
    }

    static LineConfig menu(LineConfig line, Duration timeout, int retries) {
        MenuConfig menu = line.menu();
        MenuConfig changed = new MenuConfig(menu.prompt(), timeout, retries, menu.noInputPrompt(), menu.invalidPrompt(),
                menu.options());
        return new LineConfig(line.name(), line.dids(), line.campaign(), line.source(), line.informer(), changed,
                line.assistants(), line.overflowDepartment(), line.hours(), line.afterHours(), line.whisper(),
                line.connectingPrompt());
    }

    static LineConfig assistantTimeout(LineConfig line, Duration answerTimeout) {
        AssistantsConfig assistants = line.assistants();
        AssistantsConfig changed = new AssistantsConfig(assistants.dial(), answerTimeout, assistants.whisper());
        return new LineConfig(line.name(), line.dids(), line.campaign(), line.source(), line.informer(), line.menu(),
                changed, line.overflowDepartment(), line.hours(), line.afterHours(), line.whisper(), line.connectingPrompt());
    }

    static DepartmentConfig ringing(DepartmentConfig department, DialStrategy strategy, Duration ringTimeout) {
        return new DepartmentConfig(department.name(), department.sellers(), ringTimeout, strategy, department.whisper(),
                department.acceptKey(), department.acceptTimeout(), department.acceptPrompt(), department.voicemail());
    }
}
